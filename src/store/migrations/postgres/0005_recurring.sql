-- Recurring sessions: templates, the sessions generated from them (and one-off sessions),
-- and the generation log (the seed's recurring_session_logs).
CREATE TABLE recurring_templates (
  id           uuid PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description  text NOT NULL DEFAULT '',
  timezone     text NOT NULL,
  rule         text NOT NULL,
  exdates      jsonb NOT NULL DEFAULT '[]',
  start_time   text NOT NULL,
  end_time     text,
  end_next_day boolean NOT NULL DEFAULT false,
  duration_s   bigint CHECK (duration_s > 0),
  starts_on    date NOT NULL,
  ends_on      date CHECK (ends_on IS NULL OR ends_on >= starts_on),
  capacity     bigint CHECK (capacity >= 0),
  metadata     jsonb NOT NULL DEFAULT '{}',
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'deleted')),
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  CHECK ((end_time IS NULL) <> (duration_s IS NULL))
);
CREATE INDEX recurring_templates_by_status ON recurring_templates (status, id);

CREATE TABLE recurring_sessions (
  id               uuid PRIMARY KEY,
  template_id      uuid REFERENCES recurring_templates (id),
  name             text NOT NULL,
  scheduled_date   date NOT NULL,
  occurrence_start timestamptz,
  valid_from       timestamptz NOT NULL,
  valid_until      timestamptz NOT NULL,
  timezone         text NOT NULL,
  status           text NOT NULL CHECK (status IN ('scheduled', 'active', 'closed', 'cancelled')),
  edited           boolean NOT NULL DEFAULT false,
  dst_shifted      boolean NOT NULL DEFAULT false,
  capacity         bigint CHECK (capacity >= 0),
  metadata         jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  activated_at     timestamptz,
  closed_at        timestamptz,
  cancelled_at     timestamptz,
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
  id             uuid PRIMARY KEY,
  template_id    uuid NOT NULL REFERENCES recurring_templates (id),
  session_id     uuid REFERENCES recurring_sessions (id) ON DELETE SET NULL,
  scheduled_date date NOT NULL,
  valid_from     timestamptz NOT NULL,
  trigger        text NOT NULL,
  created_at     timestamptz NOT NULL
);
CREATE INDEX recurring_session_logs_by_template ON recurring_session_logs (template_id, id);
