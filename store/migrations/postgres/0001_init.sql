-- Profiles: what each person told tandem. Skills live in their own table so
-- that "who teaches go?" is an index lookup.
CREATE TABLE profiles (
	user_id      TEXT COLLATE "C" PRIMARY KEY,
	mode         TEXT COLLATE "C" NOT NULL DEFAULT 'any' CHECK (mode IN ('any', 'onsite', 'remote')),
	location     TEXT COLLATE "C" NOT NULL DEFAULT '',
	tz           TEXT COLLATE "C" NOT NULL DEFAULT '',
	paused_until TEXT COLLATE "C" NOT NULL DEFAULT '',
	created_at   TEXT COLLATE "C" NOT NULL,
	updated_at   TEXT COLLATE "C" NOT NULL
);

CREATE TABLE skills (
	user_id TEXT COLLATE "C" NOT NULL REFERENCES profiles (user_id) ON DELETE CASCADE,
	kind    TEXT COLLATE "C" NOT NULL CHECK (kind IN ('teach', 'learn')),
	skill   TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (user_id, kind, skill)
);
CREATE INDEX skills_by_skill ON skills (kind, skill);

-- avoids is private to user_id: never shown to avoid_id or to admins.
CREATE TABLE avoids (
	user_id  TEXT COLLATE "C" NOT NULL REFERENCES profiles (user_id) ON DELETE CASCADE,
	avoid_id TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (user_id, avoid_id)
);

CREATE TABLE programs (
	channel_id    TEXT COLLATE "C" PRIMARY KEY,
	name          TEXT COLLATE "C" NOT NULL DEFAULT '',
	match_spec    TEXT COLLATE "C" NOT NULL,
	checkin_spec  TEXT COLLATE "C" NOT NULL DEFAULT '',
	market_spec   TEXT COLLATE "C" NOT NULL DEFAULT '',
	agenda_spec   TEXT COLLATE "C" NOT NULL DEFAULT '',
	group_size    INTEGER NOT NULL CHECK (group_size BETWEEN 2 AND 8),
	avoid_repeats INTEGER NOT NULL CHECK (avoid_repeats >= 0),
	timezone      TEXT COLLATE "C" NOT NULL,
	created_at    TEXT COLLATE "C" NOT NULL,
	updated_at    TEXT COLLATE "C" NOT NULL
);

-- processed makes inbound Slack envelopes idempotent: the key is written in
-- the same transaction as the effect, so a redelivery changes nothing.
CREATE TABLE processed (
	key        TEXT COLLATE "C" PRIMARY KEY,
	created_at TEXT COLLATE "C" NOT NULL
);

-- SQLite's instr(haystack, needle), which forget uses.
CREATE FUNCTION instr(text, text) RETURNS integer
	LANGUAGE sql IMMUTABLE STRICT AS 'SELECT strpos($1, $2)';

-- leader is PostgreSQL's own (SQLite has one process): the epoch grows by
-- one each time a replica becomes the leader, and a leader checks it,
-- on the connection that holds the leader lock, before each message it
-- sends (store/leader.go).
CREATE TABLE leader (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	epoch    BIGINT NOT NULL,
	holder   TEXT COLLATE "C" NOT NULL,
	since    TEXT COLLATE "C" NOT NULL
);
