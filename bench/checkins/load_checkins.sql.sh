#!/usr/bin/env bash
# Prints the SQL that fills a migrated sessiond SQLite database with check-ins, as
# `checkins` (migration 0004) stores them: TOTAL rows of which ACTIVE are active.
#
#   bench/checkins/load_checkins.sql.sh TOTAL ACTIVE NOW_MICROS | sqlite3 PATH
#
# Ended check-ins (TOTAL - ACTIVE) began at even steps over the 7 days before NOW (what
# cleanup-checkins' default `older_than: 7d` keeps) with a 1 h TTL; 3 in 10 were checked
# out after 1 to 55 minutes ('inactive', checked_out_at set), the rest ran out ('expired').
# Active ones began over the last 30 minutes with a 2 h TTL, one per user, so that none
# expires during a benchmark. Ids are UUIDv7 of checked_in_at (as the server makes them),
# timestamps RFC 3339 text with microseconds and Z (how the SQLite store binds them).
set -euo pipefail
total=$1
active=$2
now=$3
ended=$((total - active))
cat <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ended),
rows AS (
  SELECT i,
         $now - 7 * 86400000000 + (i - 1) * ((7 * 86400000000 - 7200000000) / $ended) AS ci,
         i % 10 < 3 AS out
  FROM n)
INSERT INTO checkins (id, user_id, checked_in_at, expires_at, status, checked_out_at, metadata)
SELECT
  substr(printf('%012x', ci / 1000), 1, 8) || '-' || substr(printf('%012x', ci / 1000), 9, 4)
    || '-7' || substr(lower(hex(randomblob(2))), 1, 3)
    || '-' || substr('89ab', abs(random() % 4) + 1, 1) || substr(lower(hex(randomblob(2))), 1, 3)
    || '-' || lower(hex(randomblob(6))),
  'user-' || (i % 200000),
  strftime('%Y-%m-%dT%H:%M:%S', ci / 1000000, 'unixepoch') || printf('.%06dZ', ci % 1000000),
  strftime('%Y-%m-%dT%H:%M:%S', (ci + 3600000000) / 1000000, 'unixepoch')
    || printf('.%06dZ', ci % 1000000),
  CASE WHEN out THEN 'inactive' ELSE 'expired' END,
  CASE WHEN out THEN strftime('%Y-%m-%dT%H:%M:%S', (ci + (i % 55 + 1) * 60000000) / 1000000, 'unixepoch')
                     || printf('.%06dZ', ci % 1000000) END,
  '{}'
FROM rows;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $active),
rows AS (SELECT i, $now - 1800000000 + (i - 1) * (1800000000 / $active) AS ci FROM n)
INSERT INTO checkins (id, user_id, checked_in_at, expires_at, status, checked_out_at, metadata)
SELECT
  substr(printf('%012x', ci / 1000), 1, 8) || '-' || substr(printf('%012x', ci / 1000), 9, 4)
    || '-7' || substr(lower(hex(randomblob(2))), 1, 3)
    || '-' || substr('89ab', abs(random() % 4) + 1, 1) || substr(lower(hex(randomblob(2))), 1, 3)
    || '-' || lower(hex(randomblob(6))),
  'active-user-' || i,
  strftime('%Y-%m-%dT%H:%M:%S', ci / 1000000, 'unixepoch') || printf('.%06dZ', ci % 1000000),
  strftime('%Y-%m-%dT%H:%M:%S', (ci + 7200000000) / 1000000, 'unixepoch')
    || printf('.%06dZ', ci % 1000000),
  'active', NULL, '{}'
FROM rows;
COMMIT;
ANALYZE;
SQL
