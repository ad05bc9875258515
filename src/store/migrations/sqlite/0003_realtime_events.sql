-- The realtime event log (an outbox): every change worth watching is appended in the
-- transaction of the change. Ids grow in commit order, so a client resumes from the last id
-- it saw (SSE Last-Event-ID) and misses nothing.
CREATE TABLE events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  channel    TEXT NOT NULL CHECK (length(channel) BETWEEN 1 AND 200),
  type       TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  payload    TEXT NOT NULL CHECK (json_valid(payload)),
  created_at TEXT NOT NULL
);

-- How far the log has been pruned: a client resuming from an id below `pruned_through` has
-- missed events that are gone, and is told so.
CREATE TABLE event_log_state (
  singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
  pruned_through INTEGER NOT NULL DEFAULT 0
);
INSERT INTO event_log_state (singleton, pruned_through) VALUES (1, 0);
