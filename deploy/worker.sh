#!/bin/sh
# The task worker for the configured backend: db_worker for TASKS_BACKEND=database (the
# default), an RQ worker for TASKS_BACKEND=rq. Run as many as you like, on any machine.
set -eu
case "${TASKS_BACKEND:-database}" in
    rq) exec python manage.py rqworker default ;;
    *) exec python manage.py db_worker --no-reload --queue-name default ;;
esac
