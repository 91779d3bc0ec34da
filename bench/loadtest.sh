#!/usr/bin/env bash
# One command for the load test: a throwaway PostgreSQL database loaded with seed_demo (and the
# scale dataset with SCALE=1, or any other factor), gunicorn in production mode on it (Redis
# cache when one answers), bench/wrk_pages.py (each public page with wrk, /healthz in the same
# run), with --mixed also bench/loadtest.py's Python mixed scenario, an overbooking check, and
# everything stopped and dropped again, whatever happens.
#   SCALE=1 bench/loadtest.sh [--mixed [--registrations] [--users N] [--duration S]]
# LOADTEST_DB=<name> uses that database as it is (kept afterwards; the registration phase adds
# to it): seed a scale database once, then measure it as often as needed.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PG_URL=${LOADTEST_PG_URL:-postgres://postgres@127.0.0.1:5432}
PORT=${LOADTEST_PORT:-8099}
db="${LOADTEST_DB:-cop_loadtest_$$}"
log=$(mktemp -t cop-loadtest-gunicorn.XXXXXX)
gunicorn_pid=""

cleanup() {
    if [ -n "$gunicorn_pid" ]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
    if [ -z "${LOADTEST_DB:-}" ]; then
        psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    fi
    rm -f "$log"
}
trap cleanup EXIT

export DEBUG=0 HTTPS=0 LOG_FORMAT=json LOG_LEVEL=INFO TASKS_BACKEND=database
export SECRET_KEY="loadtest-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 DATABASE_URL="$PG_URL/$db"
export GUNICORN_BIND="127.0.0.1:$PORT" MEDIA_ROOT="$(mktemp -d)"
# Rate limits on, as in production; the registration phase sends each request from an address
# of its own, as one trusted proxy in front would (X-Forwarded-For).
export TRUSTED_PROXY_COUNT=1
if $PY -c "import redis; redis.Redis(socket_connect_timeout=1).ping()" 2>/dev/null; then
    export REDIS_URL=${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379/12}
else
    export REDIS_URL=""
    echo "no Redis on 127.0.0.1:6379: per-process memory cache"
fi

if [ -n "${LOADTEST_DB:-}" ]; then
    echo "== database $db as it is: migrate, collectstatic"
    $PY manage.py migrate --no-input -v 0
else
    echo "== database $db: migrate, seed_demo, collectstatic"
    psql -q "$PG_URL/postgres" -c "CREATE DATABASE $db" >/dev/null
    $PY manage.py migrate --no-input -v 0
    $PY manage.py seed_demo >/dev/null
    if [ -n "${SCALE:-}" ] && [ "${SCALE}" != "0" ]; then
        echo "== scale dataset (--scale $SCALE)"
        $PY manage.py seed_scale --scale "$SCALE"
    fi
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
# A certificate's verification page (the newest valid one) and the last page of the list.
read -r verify_code last_page <<<"$($PY manage.py shell -v 0 -c "
import math
from certificates.models import Certificate
from workshops import selectors
from workshops.views import WORKSHOPS_PER_PAGE
code = Certificate.objects.filter(revoked_at__isnull=True).order_by('-pk').values_list('code', flat=True).first()
print(code or '', math.ceil(selectors.workshop_list_public().count() / WORKSHOPS_PER_PAGE))
")"
$PY bench/wrk_pages.py --base-url "http://127.0.0.1:$PORT" --server-pid "$gunicorn_pid" \
    --verify-code "$verify_code" --last-page "$last_page" \
    --duration "${WRK_DURATION:-10}" || echo "some requests failed (see the errors column)"

echo "== staff pages: 10 staff members at once (10 connections), signed in"
# A signed-in session for the office staff of the office with the largest workshop, and one
# for headquarters; the attendance matrix and check-in search of that office's largest
# workshop of at most 300 people (the issue's "300-person workshop"), the staff page of the
# largest one.
read -r office_session hq_session big_slug matrix_slug session_id <<<"$($PY manage.py shell -v 0 -c "
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count, Q
from offices.models import StaffMembership
from workshops.models import Workshop

def session_for(user):
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

people = Workshop.objects.annotate(people=Count('registrations', filter=Q(registrations__status='confirmed')))
big = people.order_by('-people').first()
matrix = people.filter(office=big.office, people__lte=300).order_by('-people').first()
staff = StaffMembership.objects.filter(role='office_staff', office=big.office).first().user
hq = StaffMembership.objects.filter(role='headquarters').first().user
print(session_for(staff), session_for(hq), big.slug, matrix.slug, matrix.sessions.order_by('starts_at').first().pk)
")"
WRK_STAFF_DURATION=${WRK_STAFF_DURATION:-${WRK_DURATION:-10}}
staff_pages() {
    # $1: extra wrk_pages options (the pause of each connection), $2: duration
    $PY bench/wrk_pages.py --base-url "http://127.0.0.1:$PORT" --server-pid "$gunicorn_pid" \
        --duration "$2" --connections 10 --cookie "sessionid=$office_session" $1 \
        --path /staff/ --path "/staff/workshops/$matrix_slug/attendance/" \
        --path "/staff/workshops/$matrix_slug/checkin/$session_id/search/?q=an" \
        --path "/staff/workshops/$big_slug/" || echo "some staff requests failed"
    $PY bench/wrk_pages.py --base-url "http://127.0.0.1:$PORT" --server-pid "$gunicorn_pid" \
        --duration "$2" --connections 10 --cookie "sessionid=$hq_session" $1 \
        --path /staff/ --path "/staff/reports/?start=$(date +%Y)-01-01&end=$(date +%Y)-12-31" \
        --path /staff/reports/ || echo "some headquarters requests failed"
}
echo "-- as people: each of the 10 reads a page for about a second (0.5-1.5 s) before the next"
staff_pages "--think-ms 1000" "$((WRK_STAFF_DURATION * 2))"
echo "-- back to back: each of the 10 asks again the moment an answer arrives (saturation)"
staff_pages "" "$WRK_STAFF_DURATION"

echo "== commands on the largest workshop ($big_slug), wall time including Python's start"
timed() {
    local started=$(date +%s.%N)
    "$@" >/dev/null
    printf '%-60s %6.1f s\n' "$*" "$($PY -c "print($(date +%s.%N) - $started)")"
}
timed $PY manage.py issue_certificates "$big_slug" --dry-run
timed $PY manage.py purge_personal_data --dry-run

echo "== registration phase: wrk POSTs, each a new person from an address of its own"
tag="$$$(date +%s)"
token=$($PY -c "import secrets, string; print(''.join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32)))")
slug=$($PY manage.py shell -v 0 -c "
from workshops import selectors
from workshops.models import Workshop
open_now = [w for w in Workshop.objects.filter(status='published').order_by('start_date')
            if selectors.workshop_registration_window(workshop=w) == selectors.RegistrationWindow.OPEN]
print(open_now[0].slug)
")
wrk --threads=2 --connections=50 --duration="${WRK_DURATION:-10}s" --timeout=10s --latency \
    --script=bench/register.lua "http://127.0.0.1:$PORT" -- "$token" "$slug" "$tag" \
    | grep -E "Requests/sec|^ +(50|99)%|answered|Non-2xx|Socket errors"
$PY manage.py shell -v 0 -c "
from participants.models import OutgoingEmail, Registration
from workshops.models import Workshop
workshop = Workshop.objects.get(slug='$slug')
mine = Registration.objects.filter(participant__email__startswith='load-$tag-')
by_status = {s: mine.filter(status=s).count() for s in ('confirmed', 'waitlisted', 'pending')}
mailed = OutgoingEmail.objects.filter(registration__in=mine).values('registration').distinct().count()
confirmed = workshop.registrations.filter(status='confirmed').count()
print(f'$slug: {mine.count()} registrations stored {by_status}; {mailed} with their e-mail in the outbox;',
      f'{confirmed} confirmed for {workshop.capacity or \"unlimited\"} seats')
"

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
