#!/usr/bin/env bash
# Back up the portal (等保 数据备份): the PostgreSQL database as one pg_dump custom-format
# archive, MEDIA_ROOT as a tarball when it holds anything, and a SHA-256 manifest.
#
#   deploy/backup.sh postgres://user@host:5432/qingdan /srv/backup/qingdan-$(date +%Y%m%d)
#
# Restore with deploy/restore.sh. The drill in .ci/run (deploy/restore_drill.py) runs both.
set -euo pipefail
url=${1:?usage: backup.sh DATABASE_URL OUTDIR [MEDIA_ROOT]}
out=${2:?usage: backup.sh DATABASE_URL OUTDIR [MEDIA_ROOT]}
media=${3:-${MEDIA_ROOT:-}}
umask 077  # a backup holds accounts and drafts: readable by this account only
mkdir -p "$out"
pg_dump --format=custom --compress=6 --no-owner --file="$out/db.dump" "$url"
if [ -n "$media" ] && [ -d "$media" ] && [ -n "$(ls -A "$media")" ]; then
  tar -C "$media" -czf "$out/media.tar.gz" .
fi
(cd "$out" && sha256sum db.dump $( [ -f media.tar.gz ] && echo media.tar.gz ) > SHA256SUMS)
echo "backup written to $out"
