#!/bin/sh
# The periodic tick: queues the scheduled mail that is due (reminders, invitations), then sends
# the participant e-mails that are due (first tries that never ran, retries after a failure),
# every SCHEDULER_INTERVAL seconds (default 60). One is enough; two send nothing twice (the
# send log's constraint queues each scheduled mail once, and each e-mail is claimed before it
# is sent). A failed run is
# logged and the next one comes at the next tick.
set -u
interval=${SCHEDULER_INTERVAL:-60}
trap 'exit 0' TERM INT
while :; do
    python manage.py send_due_mail || echo "send_due_mail failed; trying again in ${interval} s." >&2
    sleep "$interval" &
    wait $!
done
