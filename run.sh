#!/usr/bin/env bash
# Install everything, load the Kon Tum 2020 demo and start the app on http://127.0.0.1:8000
# (embedded mode: SQLite and eager tasks, unless DATABASE_URL / CELERY_BROKER_URL are set).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap requirements.txt fonts-liberation2 gettext
.venv/bin/python manage.py compilemessages --ignore=.venv >/dev/null
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo
echo "==> Open http://${HOST:-127.0.0.1}:${PORT:-8000}/ and log in as office, head, member, liaison or leader."
exec .venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
