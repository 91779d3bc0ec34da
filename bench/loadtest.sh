#!/usr/bin/env bash
# One command for the load test: a throwaway PostgreSQL database loaded with seed_demo (and the
# scale dataset with SCALE=1, or any other factor), gunicorn in production mode on it (Redis
# cache when one answers), bench/wrk_pages.py (each public page with wrk, /healthz in the same
# run), with --mixed also bench/loadtest.py's Python mixed scenario, an overbooking check, and
# everything stopped and dropped again, whatever happens.
#   SCALE=1 bench/loadtest.sh [--mixed [--registrations] [--users N] [--duration S]]
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PG_URL=${LOADTEST_PG_URL:-postgres://postgres@127.0.0.1:5432}
PORT=${LOADTEST_PORT:-8099}
db="cop_loadtest_$$"
log=$(mktemp -t cop-loadtest-gunicorn.XXXXXX)
gunicorn_pid=""

cleanup() {
    if [ -n "$gunicorn_pid" ]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
    psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    rm -f "$log"
}
trap cleanup EXIT

export DEBUG=0 HTTPS=0 LOG_FORMAT=json LOG_LEVEL=INFO TASKS_BACKEND=database
export SECRET_KEY="loadtest-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 DATABASE_URL="$PG_URL/$db"
export GUNICORN_BIND="127.0.0.1:$PORT" MEDIA_ROOT="$(mktemp -d)"
# 50 simulated users share one IP address: the per-IP limits would turn them away.
export RATELIMIT_ENABLE=0
if $PY -c "import redis; redis.Redis(socket_connect_timeout=1).ping()" 2>/dev/null; then
    export REDIS_URL=${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379/9}
else
    export REDIS_URL=""
    echo "no Redis on 127.0.0.1:6379: per-process memory cache"
fi

echo "== database $db: migrate, seed_demo, collectstatic"
psql -q "$PG_URL/postgres" -c "CREATE DATABASE $db" >/dev/null
$PY manage.py migrate --no-input -v 0
$PY manage.py seed_demo >/dev/null
if [ -n "${SCALE:-}" ] && [ "${SCALE}" != "0" ]; then
    echo "== scale dataset (--scale $SCALE)"
    $PY manage.py seed_scale --scale "$SCALE"
fi
$PY manage.py collectstatic --no-input -v 0

echo "== gunicorn on 127.0.0.1:$PORT ($(nproc) cores, WEB_CONCURRENCY=${WEB_CONCURRENCY:-default})"
$PY -m gunicorn -c gunicorn.conf.py config.wsgi >"$log" 2>&1 &
gunicorn_pid=$!
for _ in $(seq 1 30); do
    $PY -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz')" 2>/dev/null && break
    sleep 1
done

echo "== each page with wrk ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
$PY bench/wrk_pages.py --base-url "http://127.0.0.1:$PORT" --server-pid "$gunicorn_pid" \
    --duration "${WRK_DURATION:-10}" || echo "some requests failed (see the errors column)"

if [ "${1:-}" = "--mixed" ]; then
    shift
    $PY bench/loadtest.py --base-url "http://127.0.0.1:$PORT" "$@"
fi

echo "== overbooking check"
$PY manage.py shell -v 0 -c "
from django.db.models import Count, F, Q
from workshops.models import Workshop
over = (Workshop.objects.filter(capacity__isnull=False)
        .annotate(confirmed=Count('registrations', filter=Q(registrations__status='confirmed')))
        .filter(confirmed__gt=F('capacity')))
print('workshops with more confirmed registrations than seats:', over.count())
"
echo "server errors logged: $(grep -c '"level": "ERROR"' "$log" || true)"
