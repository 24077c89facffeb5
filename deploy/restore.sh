#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database (create it first:
# `createdb -O qingdan qingdan_restored`), after checking the manifest.
#
#   deploy/restore.sh /srv/backup/qingdan-20250601 postgres://user@host:5432/qingdan_restored [MEDIA_ROOT]
#
# Then point DATABASE_URL at it and run `manage.py migrate` (a no-op for a backup of the same
# release; it brings an older backup up to date).
set -euo pipefail
src=${1:?usage: restore.sh BACKUPDIR DATABASE_URL [MEDIA_ROOT]}
url=${2:?usage: restore.sh BACKUPDIR DATABASE_URL [MEDIA_ROOT]}
media=${3:-${MEDIA_ROOT:-}}
(cd "$src" && sha256sum --check --quiet SHA256SUMS)
pg_restore --exit-on-error --no-owner --single-transaction --dbname="$url" "$src/db.dump"
if [ -f "$src/media.tar.gz" ]; then
  [ -n "$media" ] || { echo "the backup has media files: give MEDIA_ROOT" >&2; exit 1; }
  mkdir -p "$media" && tar -C "$media" -xzf "$src/media.tar.gz"
fi
echo "restored $src into the database"
