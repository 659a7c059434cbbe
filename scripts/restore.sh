#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW database and an empty media folder:
#   DATABASE_URL=postgres://…/tthc_restored MEDIA_ROOT=/srv/tthc/media scripts/restore.sh /backups/tthc-2026-11-30
# Creates the database (it must not exist), restores the dump, unpacks the media and checks
# every file against media.sha256. Then point the app at them and run `manage.py migrate`
# (a no-op unless the code is newer than the backup).
set -euo pipefail
backup="${1:?usage: scripts/restore.sh BACKUP_DIR (DATABASE_URL and MEDIA_ROOT from the environment)}"
: "${DATABASE_URL:?set DATABASE_URL to the new database (postgres://…/name)}"
media="${MEDIA_ROOT:?set MEDIA_ROOT to an empty folder}"
for f in db.dump media.tar media.sha256; do
  [ -f "$backup/$f" ] || { echo "$backup/$f missing" >&2; exit 1; }
done
if [ -d "$media" ] && [ -n "$(ls -A "$media")" ]; then
  echo "$media is not empty: restore into an empty folder" >&2
  exit 1
fi
name="${DATABASE_URL##*/}"
name="${name%%\?*}"
psql "${DATABASE_URL%/*}/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$name\""
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$backup/db.dump"
mkdir -p "$media"
tar -C "$media" -xf "$backup/media.tar"
sums="$(realpath "$backup/media.sha256")"
(cd "$media" && sha256sum --check --quiet --strict "$sums")
echo "restored $name and $(wc -l < "$backup/media.sha256") media files into $media"
