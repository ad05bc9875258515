-- The scheduler: jobs, their runs, and the nodes that run them.
CREATE TABLE jobs (
  name               text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  schedule           text NOT NULL,
  timezone           text NOT NULL DEFAULT 'UTC',
  task               text NOT NULL,
  params             jsonb NOT NULL DEFAULT '{}',
  active             boolean NOT NULL DEFAULT true,
  overlap            text NOT NULL DEFAULT 'skip' CHECK (overlap IN ('skip', 'queue')),
  catch_up           text NOT NULL DEFAULT 'none' CHECK (catch_up IN ('none', 'latest', 'all')),
  catch_up_window_ms bigint NOT NULL DEFAULT 86400000 CHECK (catch_up_window_ms >= 0),
  timeout_ms         bigint NOT NULL DEFAULT 300000 CHECK (timeout_ms > 0),
  retries            integer NOT NULL DEFAULT 0 CHECK (retries BETWEEN 0 AND 100),
  last_scheduled_for timestamptz,
  next_run_at        timestamptz,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);

CREATE TABLE job_runs (
  id            uuid PRIMARY KEY,
  job           text NOT NULL REFERENCES jobs (name) ON DELETE CASCADE,
  scheduled_for timestamptz NOT NULL,
  trigger       text NOT NULL CHECK (trigger IN ('schedule', 'catch_up', 'manual', 'backfill', 'retry')),
  attempt       integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz,
  status        text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'timed_out', 'skipped', 'abandoned')),
  result        jsonb,
  error         text,
  dst_shifted   boolean NOT NULL DEFAULT false,
  node          text NOT NULL
);
-- Exactly once per occurrence: one live scheduled or catch-up run per (job, scheduled_for).
-- An abandoned run frees its occurrence for the catch-up that re-runs it.
CREATE UNIQUE INDEX job_runs_one_per_occurrence ON job_runs (job, scheduled_for)
  WHERE trigger IN ('schedule', 'catch_up') AND status <> 'abandoned';
CREATE INDEX job_runs_by_job ON job_runs (job, id);
CREATE INDEX job_runs_by_status ON job_runs (status, id);

CREATE TABLE scheduler_nodes (
  node         text PRIMARY KEY,
  started_at   timestamptz NOT NULL,
  heartbeat_at timestamptz NOT NULL,
  is_leader    boolean NOT NULL DEFAULT false
);
