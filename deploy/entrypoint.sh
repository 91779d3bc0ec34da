#!/bin/sh
# Container start: apply migrations (unless RUN_MIGRATIONS=0, as the worker sets), then run
# the command (gunicorn by default, deploy/worker.sh for the task worker).
set -eu
if [ "${RUN_MIGRATIONS:-1}" = "1" ]; then
    python manage.py migrate --no-input -v 1
fi
exec "$@"
