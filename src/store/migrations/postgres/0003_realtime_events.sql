-- The realtime event log (an outbox): every change worth watching is appended in the
-- transaction of the change. Ids grow in commit order (appends are serialized by a
-- transaction-level advisory lock, see src/realtime/event_log.cpp), so a client resumes from
-- the last id it saw (SSE Last-Event-ID) and misses nothing.
CREATE TABLE events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel    text NOT NULL CHECK (length(channel) BETWEEN 1 AND 200),
  type       text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

-- How far the log has been pruned: a client resuming from an id below `pruned_through` has
-- missed events that are gone, and is told so.
CREATE TABLE event_log_state (
  singleton      integer PRIMARY KEY CHECK (singleton = 1),
  pruned_through bigint NOT NULL DEFAULT 0
);
INSERT INTO event_log_state (singleton, pruned_through) VALUES (1, 0);
