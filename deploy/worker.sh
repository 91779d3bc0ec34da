#!/bin/sh
# The task worker for the configured backend: db_worker for TASKS_BACKEND=database (the
# default), rq_worker (an RQ worker) for TASKS_BACKEND=rq. Run as many as you like, on any
# machine. db_worker sits out database outages by itself, rq_worker Redis outages.
set -eu
case "${TASKS_BACKEND:-database}" in
    rq) exec python manage.py rq_worker default ;;
    *) exec python manage.py db_worker --no-reload --queue-name default ;;
esac
