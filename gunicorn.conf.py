"""gunicorn settings for COP Workshops: `gunicorn -c gunicorn.conf.py config.wsgi`.

Every value can be changed from the environment without editing this file. The defaults suit
one small server behind a reverse proxy (Caddy, nginx or a cloud load balancer) that ends TLS.
"""

import multiprocessing
import os

from config.logs import logging_config


def setting(name: str, default: str) -> str:
    """An environment variable, its default when unset or empty (as in .env.example)."""
    return os.environ.get(name) or default


# Where to listen. The image sets 0.0.0.0:8000; on a bare server keep it on loopback and let the
# proxy in front forward to it.
bind = setting("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: each handles one request at a time, so a slow PDF never starves the others of a
# thread. The usual rule is 2 x cores + 1; WEB_CONCURRENCY overrides it (Heroku's name for it).
workers = int(setting("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(setting("GUNICORN_THREADS", "1"))

# A request that takes longer than this is killed and logged (certificates are issued by the
# task worker, never inside a request). graceful_timeout lets running requests finish on deploy.
timeout = int(setting("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Recycle each worker now and then, so a slow leak never grows without bound; not so often that
# recycling shows in the latency (at a few hundred requests a second per worker, 2,000 meant a
# new worker every few seconds, each importing the project again: p99 of seconds under load).
max_requests = int(setting("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# The project is imported once, in the master, and each worker (a new one after recycling, too)
# is forked from it ready: a recycled worker answers at once, and the workers share the
# imported code's memory. Connections (database, Redis) are opened by each worker, never here.
# A code change needs a restart, not a HUP (as with any deploy here).
preload_app = setting("GUNICORN_PRELOAD", "1") == "1"

# Trust X-Forwarded-* only from the proxy in front (its address, comma separated, or "*" inside
# a private container network).
forwarded_allow_ips = setting("FORWARDED_ALLOW_IPS", "127.0.0.1")

# No access log: Django's RequestLogMiddleware already writes one line per request with its id,
# duration and a redacted path (gunicorn's line would carry tokens and query strings).
accesslog = None
errorlog = "-"
# gunicorn's own messages in the same format as the application's (JSON lines in production).
logconfig_dict = logging_config(
    json_lines=setting("LOG_FORMAT", "json") == "json",
    level=setting("LOG_LEVEL", "INFO"),
)
logconfig_dict["loggers"]["gunicorn.error"] = {"handlers": ["console"], "propagate": False}
