-- The scheduler: jobs, their runs, and the nodes that run them.
CREATE TABLE jobs (
  name               TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 63
                       AND name GLOB '[a-z0-9]*' AND name NOT GLOB '*[^a-z0-9-]*'),
  schedule           TEXT NOT NULL,
  timezone           TEXT NOT NULL DEFAULT 'UTC',
  task               TEXT NOT NULL,
  params             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
  active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  overlap            TEXT NOT NULL DEFAULT 'skip' CHECK (overlap IN ('skip', 'queue')),
  catch_up           TEXT NOT NULL DEFAULT 'none' CHECK (catch_up IN ('none', 'latest', 'all')),
  catch_up_window_ms INTEGER NOT NULL DEFAULT 86400000 CHECK (catch_up_window_ms >= 0),
  timeout_ms         INTEGER NOT NULL DEFAULT 300000 CHECK (timeout_ms > 0),
  retries            INTEGER NOT NULL DEFAULT 0 CHECK (retries BETWEEN 0 AND 100),
  last_scheduled_for TEXT,
  next_run_at        TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);

CREATE TABLE job_runs (
  id            TEXT PRIMARY KEY,
  job           TEXT NOT NULL REFERENCES jobs (name) ON DELETE CASCADE,
  scheduled_for TEXT NOT NULL,
  trigger       TEXT NOT NULL CHECK (trigger IN ('schedule', 'catch_up', 'manual', 'backfill', 'retry')),
  attempt       INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  status        TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'timed_out', 'skipped', 'abandoned')),
  result        TEXT CHECK (result IS NULL OR json_valid(result)),
  error         TEXT,
  dst_shifted   INTEGER NOT NULL DEFAULT 0 CHECK (dst_shifted IN (0, 1)),
  node          TEXT NOT NULL
);
-- Exactly once per occurrence: one live scheduled or catch-up run per (job, scheduled_for).
-- An abandoned run frees its occurrence for the catch-up that re-runs it.
CREATE UNIQUE INDEX job_runs_one_per_occurrence ON job_runs (job, scheduled_for)
  WHERE trigger IN ('schedule', 'catch_up') AND status <> 'abandoned';
CREATE INDEX job_runs_by_job ON job_runs (job, id);
CREATE INDEX job_runs_by_status ON job_runs (status, id);

CREATE TABLE scheduler_nodes (
  node         TEXT PRIMARY KEY,
  started_at   TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  is_leader    INTEGER NOT NULL DEFAULT 0 CHECK (is_leader IN (0, 1))
);
