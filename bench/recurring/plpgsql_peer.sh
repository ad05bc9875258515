#!/usr/bin/env bash
# The seed 002 way, for comparison with bench/recurring: a PL/pgSQL generate_recurring_sessions()
# (the seed names the function but does not show it; this is the plain loop such functions
# use) run for 1,000 weekly templates, three days a week, 30 days ahead, as its pg_cron job
# does. Run under scripts/with-postgres (SESSIOND_TEST_PG_URL, SESSIOND_TEST_PG_BIN).
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
psql=("${SESSIOND_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}/psql" "$SESSIOND_TEST_PG_URL" -qAtX -v ON_ERROR_STOP=1)

"${psql[@]}" <<'SQL'
DROP SCHEMA IF EXISTS seed002 CASCADE;
CREATE SCHEMA seed002;
SET search_path = seed002;
CREATE TABLE templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  timezone text NOT NULL DEFAULT 'UTC',
  recurring_config jsonb NOT NULL,
  status text NOT NULL DEFAULT 'active'
);
CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  template_id uuid NOT NULL REFERENCES templates (id),
  name text NOT NULL,
  scheduled_date date NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'scheduled',
  UNIQUE (template_id, valid_from)
);
CREATE TABLE recurring_session_logs (
  id bigserial PRIMARY KEY,
  template_id uuid NOT NULL,
  session_id uuid NOT NULL,
  generated_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION generate_recurring_sessions(template uuid, days_ahead int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
  t templates;
  d date;
  created int := 0;
  new_id uuid;
BEGIN
  SELECT * INTO t FROM templates WHERE id = template;
  FOR d IN SELECT generate_series(current_date, current_date + days_ahead - 1, interval '1 day')::date LOOP
    IF t.recurring_config->'days_of_week' ? lower(to_char(d, 'dy')) THEN
      INSERT INTO sessions (template_id, name, scheduled_date, valid_from, valid_until)
      VALUES (t.id, t.name, d,
              (d + (t.recurring_config->>'start_time')::time) AT TIME ZONE t.timezone,
              (d + (t.recurring_config->>'end_time')::time) AT TIME ZONE t.timezone)
      ON CONFLICT (template_id, valid_from) DO NOTHING
      RETURNING id INTO new_id;
      IF new_id IS NOT NULL THEN
        INSERT INTO recurring_session_logs (template_id, session_id) VALUES (t.id, new_id);
        created := created + 1;
      END IF;
    END IF;
  END LOOP;
  RETURN created;
END $$;
INSERT INTO templates (name, timezone, recurring_config)
SELECT 'template ' || i, 'America/New_York',
       '{"days_of_week":["mon","wed","fri"],"start_time":"18:00","end_time":"19:30"}'
FROM generate_series(1, 1000) i;
SQL

run() {
  local start end
  start=$(date +%s.%N)
  created=$("${psql[@]}" -c "SET search_path = seed002; SELECT sum(generate_recurring_sessions(id, 30)) FROM templates WHERE status = 'active';")
  end=$(date +%s.%N)
  printf '%s: %s sessions created in %.3f s\n' "$1" "$created" "$(echo "$end - $start" | bc)"
}
run "PL/pgSQL generate_recurring_sessions(), first run"
run "PL/pgSQL generate_recurring_sessions(), second run"
"${psql[@]}" -c "DROP SCHEMA seed002 CASCADE;"
