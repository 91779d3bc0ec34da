#!/bin/sh
# Run a command again whenever it exits, after a pause that grows while it keeps failing fast
# (1 s, then 2, 4 ... up to 60 s; back to 1 s after a run that lasted a minute). For `make run`,
# where no process manager restarts the worker; in production systemd (deploy/systemd/) or the
# container runtime does this. Stops, with the command, on SIGINT or SIGTERM.
#   deploy/supervise.sh NAME COMMAND [ARGS...]
set -u
name=$1
shift
pause=1
child=
trap 'trap - TERM INT; [ -n "$child" ] && kill "$child" 2>/dev/null; wait; exit 0' TERM INT
while :; do
    started=$(date +%s)
    "$@" &
    child=$!
    wait "$child"
    status=$?
    child=
    if [ $(( $(date +%s) - started )) -ge 60 ]; then pause=1; fi
    echo "$name exited with status $status; starting it again in ${pause} s." >&2
    sleep "$pause"
    pause=$(( pause * 2 > 60 ? 60 : pause * 2 ))
done
