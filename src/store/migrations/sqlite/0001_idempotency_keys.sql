-- Responses remembered for the Idempotency-Key header: a creating request retried with the
-- same key and the same body gets the first response again; the same key with another body
-- is refused. Keys are scoped to the principal that sent them.
CREATE TABLE idempotency_keys (
  key           TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  principal     TEXT    NOT NULL,
  request_hash  TEXT    NOT NULL,
  status_code   INTEGER NOT NULL CHECK (status_code BETWEEN 100 AND 599),
  response_body TEXT    CHECK (response_body IS NULL OR json_valid(response_body)),
  created_at    TEXT    NOT NULL,
  PRIMARY KEY (principal, key)
);

-- For the cleanup job that forgets keys older than their retention.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
