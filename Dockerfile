# COP Workshops image: gunicorn serving Django, WeasyPrint's system libraries, static files
# collected for WhiteNoise, running as a non-root user. Migrations run when a container starts
# (deploy/entrypoint.sh). Build: docker build -t cop-workshops .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint draws PDFs with Pango and HarfBuzz and finds fonts through fontconfig (the
# project's own fonts come with the repository); gettext compiles the translations below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, in their own layer: it is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Settings refuse to load without a secret key; these build steps need none of the real ones.
RUN export DEBUG=0 SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    && if [ -d locale ]; then python manage.py compilemessages --ignore=.venv -v 0; fi \
    && python manage.py collectstatic --no-input -v 0 \
    && rm -f /tmp/build.sqlite3 \
    && fc-cache -f

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin cop \
    && mkdir -p /srv/cop/media /srv/cop/private \
    && chown cop:cop /srv/cop/media /srv/cop/private
USER cop

ENV GUNICORN_BIND=0.0.0.0:8000 \
    MEDIA_ROOT=/srv/cop/media \
    PRIVATE_ROOT=/srv/cop/private
EXPOSE 8000

ENTRYPOINT ["deploy/entrypoint.sh"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]
