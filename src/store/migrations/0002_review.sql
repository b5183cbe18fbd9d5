-- 0002_review: people's side of the store: users and their credentials (hashes only),
-- sessions, what partners may see, reviews, notes and the audit log.

CREATE TABLE users (
  name          TEXT PRIMARY KEY,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer', 'partner')),
  password_hash TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);

-- API tokens and sessions are looked up by the hash of the secret; the secret itself is
-- never stored.
CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  label      TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_name);

CREATE TABLE sessions (
  session_hash TEXT PRIMARY KEY,
  user_name    TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  last_seen    BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- An object (campaign, alert, ...) a partner account may see, with its TLP 2.0 marking.
CREATE TABLE shares (
  id          {{ID}},
  partner     TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  object_kind TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  tlp         TEXT NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
  created_by  TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  UNIQUE (partner, object_kind, object_id)
);

CREATE TABLE reviews (
  id          {{ID}},
  target_kind TEXT NOT NULL CHECK (target_kind IN ('campaign', 'alert')),
  target_id   TEXT NOT NULL,
  decision    TEXT NOT NULL CHECK (decision IN ('confirm', 'dismiss', 'needs_more')),
  note        TEXT NOT NULL DEFAULT '',
  user_name   TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);
CREATE INDEX reviews_target ON reviews (target_kind, target_id, created_at, id);

CREATE TABLE notes (
  id          {{ID}},
  target_kind TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  user_name   TEXT NOT NULL,
  body        TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);
CREATE INDEX notes_target ON notes (target_kind, target_id, created_at, id);

-- Append-only: every view of personal data and every export.
CREATE TABLE audit_log (
  id          {{ID}},
  user_name   TEXT NOT NULL,
  action      TEXT NOT NULL,
  object_kind TEXT NOT NULL DEFAULT '',
  object_id   TEXT NOT NULL DEFAULT '',
  created_at  BIGINT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_user ON audit_log (user_name, id);
CREATE INDEX audit_log_time ON audit_log (created_at);
