-- 0003_watchlist: indicators to watch for, typed in by analysts or imported from partners'
-- STIX bundles, with their TLP 2.0 marking.

CREATE TABLE indicators (
  id         {{ID}},
  type       TEXT NOT NULL CHECK (type IN ('account_id', 'handle', 'domain', 'url')),
  value      TEXT NOT NULL,
  source     TEXT NOT NULL DEFAULT '',
  tlp        TEXT NOT NULL DEFAULT 'clear'
             CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
  created_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (type, value, source)
);
CREATE INDEX indicators_value ON indicators (value);
