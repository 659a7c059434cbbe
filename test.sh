#!/usr/bin/env bash
# Install everything (test tools and Debian's chromium included) and run the whole suite:
# lint, migrations check and pytest (unit, integration, real-service and browser tests).
# Extra arguments go to pytest, e.g. ./test.sh -k visibility
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap requirements-dev.txt fonts-liberation2 gettext chromium poppler-utils
# axe-core for the accessibility tests, from its npm package (pinned in tests/axe/package-lock.json)
command -v npm >/dev/null 2>&1 || install_debian_packages npm
[ -f tests/axe/node_modules/axe-core/axe.min.js ] || npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error
.venv/bin/python manage.py compilemessages --ignore=.venv >/dev/null
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> import-linter (layers: docs/architecture.md)"
.venv/bin/lint-imports --no-cache
echo "==> pytest"
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" --dist loadgroup "$@"
