-- 0001_init: analysis runs and everything the detectors derive from events: accounts,
-- coordination edges with their evidence, groups, items, campaigns and alerts.
-- Dialect-neutral SQL; {{ID}} becomes an auto-assigned 64-bit primary key
-- (SQLite: INTEGER PRIMARY KEY AUTOINCREMENT, PostgreSQL: identity column).
-- Times are BIGINT milliseconds since the epoch (UTC); *_json columns hold JSON text;
-- flags are INTEGER 0/1.

CREATE TABLE runs (
  id          {{ID}},
  generator   TEXT NOT NULL,
  params      TEXT NOT NULL DEFAULT '{}',
  inputs      TEXT NOT NULL DEFAULT '{}',
  started_at  BIGINT NOT NULL,
  finished_at BIGINT,
  first_event BIGINT,
  last_event  BIGINT,
  events      BIGINT NOT NULL DEFAULT 0,
  status      TEXT NOT NULL DEFAULT 'running'
);

CREATE TABLE accounts (
  id               TEXT PRIMARY KEY,
  platform         TEXT NOT NULL DEFAULT '',
  handle           TEXT NOT NULL DEFAULT '',
  automation_score DOUBLE PRECISION NOT NULL
                   CHECK (automation_score >= 0 AND automation_score <= 1),
  top_features     TEXT NOT NULL DEFAULT '[]',
  signals          TEXT NOT NULL DEFAULT '{}',
  flagged          INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  run_id           BIGINT REFERENCES runs (id) ON DELETE SET NULL,
  updated_at       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX accounts_handle ON accounts (handle);
CREATE INDEX accounts_score ON accounts (automation_score DESC, id);

-- Undirected coordination edge between accounts a < b (byte order; the store orders
-- the pair before writing).
CREATE TABLE edges (
  a        TEXT NOT NULL,
  b        TEXT NOT NULL,
  weight   DOUBLE PRECISION NOT NULL,
  weights  TEXT NOT NULL DEFAULT '{}',
  p_value  DOUBLE PRECISION,
  a_leads  BIGINT NOT NULL DEFAULT 0,
  b_leads  BIGINT NOT NULL DEFAULT 0,
  run_id   BIGINT REFERENCES runs (id) ON DELETE SET NULL,
  PRIMARY KEY (a, b)
);
CREATE INDEX edges_b ON edges (b);

-- One shared action behind an edge: both accounts acted on `object` at time_a / time_b.
CREATE TABLE evidence (
  id        {{ID}},
  a         TEXT NOT NULL,
  b         TEXT NOT NULL,
  action    TEXT NOT NULL,
  object    TEXT NOT NULL,
  time_a    BIGINT NOT NULL,
  time_b    BIGINT NOT NULL,
  content_a TEXT NOT NULL DEFAULT '',
  content_b TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (a, b) REFERENCES edges (a, b) ON DELETE CASCADE
);
CREATE INDEX evidence_edge ON evidence (a, b, time_a, id);

CREATE TABLE account_groups (
  id     TEXT PRIMARY KEY,
  score  DOUBLE PRECISION NOT NULL DEFAULT 0,
  stats  TEXT NOT NULL DEFAULT '{}',
  run_id BIGINT REFERENCES runs (id) ON DELETE SET NULL
);
CREATE TABLE group_members (
  group_id   TEXT NOT NULL REFERENCES account_groups (id) ON DELETE CASCADE,
  account_id TEXT NOT NULL,
  PRIMARY KEY (group_id, account_id)
);
CREATE INDEX group_members_account ON group_members (account_id);

-- Amplified things: kind is post | url | hashtag | narrative.
CREATE TABLE items (
  kind    TEXT NOT NULL CHECK (kind IN ('post', 'url', 'hashtag', 'narrative')),
  id      TEXT NOT NULL,
  score   DOUBLE PRECISION NOT NULL DEFAULT 0,
  ranking TEXT NOT NULL DEFAULT '{}',
  flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  run_id  BIGINT REFERENCES runs (id) ON DELETE SET NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX items_score ON items (kind, score DESC, id);

CREATE TABLE campaigns (
  id               TEXT PRIMARY KEY,
  score            DOUBLE PRECISION NOT NULL DEFAULT 0,
  start_time       BIGINT NOT NULL,
  end_time         BIGINT NOT NULL,
  reach            BIGINT NOT NULL DEFAULT 0,
  utc_offset_hours DOUBLE PRECISION,
  techniques       TEXT NOT NULL DEFAULT '',
  summary_en       TEXT NOT NULL DEFAULT '',
  summary_ja       TEXT NOT NULL DEFAULT '',
  signals          TEXT NOT NULL DEFAULT '{}',
  run_id           BIGINT REFERENCES runs (id) ON DELETE SET NULL
);
CREATE INDEX campaigns_start ON campaigns (start_time DESC, id);
CREATE TABLE campaign_members (
  campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  account_id  TEXT NOT NULL,
  PRIMARY KEY (campaign_id, account_id)
);
CREATE INDEX campaign_members_account ON campaign_members (account_id);
CREATE TABLE campaign_items (
  campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  item_kind   TEXT NOT NULL,
  item_id     TEXT NOT NULL,
  PRIMARY KEY (campaign_id, item_kind, item_id)
);
CREATE INDEX campaign_items_item ON campaign_items (item_kind, item_id);

-- raised_at is event time (when the evidence crossed the threshold); updated_at is when
-- the state last changed.
CREATE TABLE alerts (
  id          TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  raised_at   BIGINT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  state       TEXT NOT NULL DEFAULT 'open'
              CHECK (state IN ('open', 'acknowledged', 'confirmed', 'dismissed', 'closed')),
  updated_at  BIGINT NOT NULL DEFAULT 0,
  run_id      BIGINT REFERENCES runs (id) ON DELETE SET NULL
);
CREATE INDEX alerts_feed ON alerts (raised_at DESC, id);
CREATE INDEX alerts_campaign ON alerts (campaign_id);
