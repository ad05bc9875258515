-- Check-ins (seed 003): a user is present for a TTL after checking in. `status` is what was
-- decided: 'active' until the expiry sweep marks it 'expired' at its expires_at, or a
-- checkout marks it 'inactive'. Reads compute presence against the clock as well, so an
-- active row past its expiry (the sweep not run yet) is never reported active.
CREATE TABLE checkins (
  id             TEXT PRIMARY KEY,
  user_id        TEXT NOT NULL CHECK (length(user_id) BETWEEN 1 AND 200),
  checked_in_at  TEXT NOT NULL,
  expires_at     TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'expired', 'inactive')),
  checked_out_at TEXT,
  metadata       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  CHECK (expires_at > checked_in_at),
  CHECK ((status = 'inactive') = (checked_out_at IS NOT NULL))
);
-- At most one active check-in per user: checking in again extends it.
CREATE UNIQUE INDEX checkins_one_active_per_user ON checkins (user_id) WHERE status = 'active';
-- Who is present, newest first; and the expiry sweep, by expiry.
CREATE INDEX checkins_active_newest ON checkins (checked_in_at DESC, id DESC) WHERE status = 'active';
CREATE INDEX checkins_active_by_expiry ON checkins (expires_at) WHERE status = 'active';
-- Statistics over a window and the cleanup of old rows.
CREATE INDEX checkins_by_checked_in ON checkins (checked_in_at);
CREATE INDEX checkins_by_status ON checkins (status);
