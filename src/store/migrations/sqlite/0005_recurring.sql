-- Recurring sessions: templates, the sessions generated from them (and one-off sessions),
-- and the generation log (the seed's recurring_session_logs).
CREATE TABLE recurring_templates (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description  TEXT NOT NULL DEFAULT '',
  timezone     TEXT NOT NULL,
  rule         TEXT NOT NULL,
  exdates      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(exdates)),
  start_time   TEXT NOT NULL,
  end_time     TEXT,
  end_next_day INTEGER NOT NULL DEFAULT 0 CHECK (end_next_day IN (0, 1)),
  duration_s   INTEGER CHECK (duration_s > 0),
  starts_on    TEXT NOT NULL,
  ends_on      TEXT CHECK (ends_on IS NULL OR ends_on >= starts_on),
  capacity     INTEGER CHECK (capacity >= 0),
  metadata     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'deleted')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK ((end_time IS NULL) <> (duration_s IS NULL))
);
CREATE INDEX recurring_templates_by_status ON recurring_templates (status, id);

CREATE TABLE recurring_sessions (
  id               TEXT PRIMARY KEY,
  template_id      TEXT REFERENCES recurring_templates (id),
  name             TEXT NOT NULL,
  scheduled_date   TEXT NOT NULL,
  occurrence_start TEXT,
  valid_from       TEXT NOT NULL,
  valid_until      TEXT NOT NULL,
  timezone         TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('scheduled', 'active', 'closed', 'cancelled')),
  edited           INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
  dst_shifted      INTEGER NOT NULL DEFAULT 0 CHECK (dst_shifted IN (0, 1)),
  capacity         INTEGER CHECK (capacity >= 0),
  metadata         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  activated_at     TEXT,
  closed_at        TEXT,
  cancelled_at     TEXT,
  CHECK (valid_until > valid_from),
  CHECK ((template_id IS NULL) = (occurrence_start IS NULL)),
  CHECK (status <> 'scheduled' OR (activated_at IS NULL AND closed_at IS NULL AND cancelled_at IS NULL)),
  CHECK (status <> 'active' OR (activated_at IS NOT NULL AND closed_at IS NULL AND cancelled_at IS NULL)),
  CHECK (status <> 'closed' OR (closed_at IS NOT NULL AND cancelled_at IS NULL)),
  CHECK (status <> 'cancelled' OR (cancelled_at IS NOT NULL AND closed_at IS NULL))
);
-- Generation is idempotent: one session per occurrence of a template, and (since a template
-- has one start time a day) one per local date, so a date holding a kept (edited or
-- cancelled) occurrence never gets a second one after the template's time changes.
CREATE UNIQUE INDEX recurring_sessions_one_per_occurrence
  ON recurring_sessions (template_id, occurrence_start) WHERE template_id IS NOT NULL;
CREATE UNIQUE INDEX recurring_sessions_one_per_date
  ON recurring_sessions (template_id, scheduled_date) WHERE template_id IS NOT NULL;
-- The sweeps: the next sessions to activate and to close, found without a scan.
CREATE INDEX recurring_sessions_to_activate ON recurring_sessions (valid_from) WHERE status = 'scheduled';
CREATE INDEX recurring_sessions_to_close ON recurring_sessions (valid_until)
  WHERE status IN ('scheduled', 'active');
CREATE INDEX recurring_sessions_by_start ON recurring_sessions (valid_from, id);

CREATE TABLE recurring_session_logs (
  id             TEXT PRIMARY KEY,
  template_id    TEXT NOT NULL REFERENCES recurring_templates (id),
  session_id     TEXT REFERENCES recurring_sessions (id) ON DELETE SET NULL,
  scheduled_date TEXT NOT NULL,
  valid_from     TEXT NOT NULL,
  trigger        TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX recurring_session_logs_by_template ON recurring_session_logs (template_id, id);
