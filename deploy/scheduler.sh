#!/bin/sh
# The periodic tick, every SCHEDULER_INTERVAL seconds (default 60): puts the tasks of task
# workers that stopped heartbeating back in the queue (tasks_maintenance), marks failed the
# certificate batches whose task is gone (settle_certificate_batches), queues the scheduled
# mail that is due (reminders, invitations), then sends the participant e-mails that are due
# (first tries that never ran, retries after a failure). One is enough; two do nothing twice
# (each task and e-mail is claimed before it is touched; the send log's constraint queues each
# scheduled mail once). A failed run is logged and the next one comes at the next tick.
set -u
interval=${SCHEDULER_INTERVAL:-60}
trap 'exit 0' TERM INT
while :; do
    python manage.py tasks_maintenance || echo "tasks_maintenance failed; trying again in ${interval} s." >&2
    python manage.py settle_certificate_batches || echo "settle_certificate_batches failed; trying again in ${interval} s." >&2
    python manage.py send_due_mail || echo "send_due_mail failed; trying again in ${interval} s." >&2
    sleep "$interval" &
    wait $!
done
