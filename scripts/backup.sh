#!/usr/bin/env bash
# Back up the database and the media folder into one directory (docs/operations.md):
#   DATABASE_URL=postgres://… MEDIA_ROOT=var/media scripts/backup.sh /backups/tthc-2026-11-30
# Writes db.dump (pg_dump custom format), media.tar and media.sha256 (a hash per file). The dump
# is taken first: uploads are write-once files with random names, so every file a dumped row
# names is in the tar taken just after (a file uploaded in between is harmless extra).
set -euo pipefail
out="${1:?usage: scripts/backup.sh OUTPUT_DIR (DATABASE_URL and MEDIA_ROOT from the environment)}"
: "${DATABASE_URL:?set DATABASE_URL (postgres://…)}"
media="${MEDIA_ROOT:-var/media}"
[ -d "$media" ] || { echo "media folder $media not found" >&2; exit 1; }
mkdir -p "$out"
[ -e "$out/db.dump" ] && { echo "$out already holds a backup" >&2; exit 1; }
pg_dump --format=custom --no-owner --no-privileges --file "$out/db.dump" "$DATABASE_URL"
tar -C "$media" -cf "$out/media.tar" .
(cd "$media" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) > "$out/media.sha256"
echo "backup in $out: $(du -sh "$out" | cut -f1), $(wc -l < "$out/media.sha256") media files"
