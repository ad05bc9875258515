-- Running totals behind GET /v1/checkins/stats, kept by triggers in the transaction that
-- changes a check-in: the monitoring numbers over a million rows become a few small reads
-- instead of a scan of every row. (PostgreSQL counts from the table instead: a summary row
-- that every check-in updates would serialize concurrent writers there; SQLite has one.)

-- Check-ins by stored status.
CREATE TABLE checkin_status_counts (
  status TEXT PRIMARY KEY,
  n      INTEGER NOT NULL
) WITHOUT ROWID;

-- Check-ins by the 10-minute slot they began in, named by the first 15 characters of
-- checked_in_at ("2026-11-22T03:4"; the store writes every time as UTC RFC 3339 text), with
-- the sum of their durations in milliseconds: to the checkout, else to the expiry (the
-- seed's definition). Whole slots answer a 7-day average; only the rows of the slot the
-- window starts in are read one by one.
CREATE TABLE checkin_duration_slots (
  slot        TEXT PRIMARY KEY,
  n           INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL
) WITHOUT ROWID;

-- A check-in's duration in milliseconds: to the checkout, else to the expiry. Computed, not
-- stored: the triggers and the stats read it.
ALTER TABLE checkins ADD COLUMN duration_ms INTEGER GENERATED ALWAYS AS (
  CAST(round((julianday(coalesce(checked_out_at, expires_at)) - julianday(checked_in_at))
             * 86400000.0) AS INTEGER)) VIRTUAL;

INSERT INTO checkin_status_counts (status, n)
  SELECT status, count(*) FROM checkins GROUP BY status;
INSERT INTO checkin_duration_slots (slot, n, duration_ms)
  SELECT substr(checked_in_at, 1, 15), count(*), sum(duration_ms) FROM checkins GROUP BY 1;

CREATE TRIGGER checkins_stats_after_insert AFTER INSERT ON checkins BEGIN
  INSERT INTO checkin_status_counts (status, n) VALUES (NEW.status, 1)
    ON CONFLICT (status) DO UPDATE SET n = n + 1;
  INSERT INTO checkin_duration_slots (slot, n, duration_ms)
    VALUES (substr(NEW.checked_in_at, 1, 15), 1, NEW.duration_ms)
    ON CONFLICT (slot) DO UPDATE SET n = n + 1, duration_ms = duration_ms + excluded.duration_ms;
END;

CREATE TRIGGER checkins_stats_after_delete AFTER DELETE ON checkins BEGIN
  UPDATE checkin_status_counts SET n = n - 1 WHERE status = OLD.status;
  UPDATE checkin_duration_slots
    SET n = n - 1,
        duration_ms = duration_ms - OLD.duration_ms
    WHERE slot = substr(OLD.checked_in_at, 1, 15);
  -- Slots emptied by cleanup-checkins go with their rows.
  DELETE FROM checkin_duration_slots WHERE slot = substr(OLD.checked_in_at, 1, 15) AND n = 0;
END;

-- An update is the old row leaving the totals and the new one entering them.
CREATE TRIGGER checkins_stats_after_update
AFTER UPDATE OF status, checked_in_at, expires_at, checked_out_at ON checkins BEGIN
  UPDATE checkin_status_counts SET n = n - 1 WHERE status = OLD.status;
  INSERT INTO checkin_status_counts (status, n) VALUES (NEW.status, 1)
    ON CONFLICT (status) DO UPDATE SET n = n + 1;
  UPDATE checkin_duration_slots
    SET n = n - 1,
        duration_ms = duration_ms - OLD.duration_ms
    WHERE slot = substr(OLD.checked_in_at, 1, 15);
  INSERT INTO checkin_duration_slots (slot, n, duration_ms)
    VALUES (substr(NEW.checked_in_at, 1, 15), 1, NEW.duration_ms)
    ON CONFLICT (slot) DO UPDATE SET n = n + 1, duration_ms = duration_ms + excluded.duration_ms;
  DELETE FROM checkin_duration_slots WHERE slot = substr(OLD.checked_in_at, 1, 15) AND n = 0;
END;

-- The status counts above replace the index that counting by status read; one index fewer
-- for every check-in to write.
DROP INDEX checkins_by_status;
