-- SQLite's migration 0006 keeps running totals for GET /v1/checkins/stats in triggers.
-- PostgreSQL counts from the table instead: a totals row that every check-in updates would
-- serialize concurrent writers (several nodes, many connections). The step is kept so that
-- both backends number their schema versions alike.
COMMENT ON TABLE checkins IS
  'Check-ins (seed 003); GET /v1/checkins/stats counts them through their indexes';
