-- Profiles: what each person told tandem. Skills live in their own table so
-- that "who teaches go?" is an index lookup.
CREATE TABLE profiles (
	user_id      TEXT PRIMARY KEY,
	mode         TEXT NOT NULL DEFAULT 'any' CHECK (mode IN ('any', 'onsite', 'remote')),
	location     TEXT NOT NULL DEFAULT '',
	tz           TEXT NOT NULL DEFAULT '',
	paused_until TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);

CREATE TABLE skills (
	user_id TEXT NOT NULL REFERENCES profiles (user_id) ON DELETE CASCADE,
	kind    TEXT NOT NULL CHECK (kind IN ('teach', 'learn')),
	skill   TEXT NOT NULL,
	PRIMARY KEY (user_id, kind, skill)
);
CREATE INDEX skills_by_skill ON skills (kind, skill);

-- avoids is private to user_id: never shown to avoid_id or to admins.
CREATE TABLE avoids (
	user_id  TEXT NOT NULL REFERENCES profiles (user_id) ON DELETE CASCADE,
	avoid_id TEXT NOT NULL,
	PRIMARY KEY (user_id, avoid_id)
);

CREATE TABLE programs (
	channel_id    TEXT PRIMARY KEY,
	name          TEXT NOT NULL DEFAULT '',
	match_spec    TEXT NOT NULL,
	checkin_spec  TEXT NOT NULL DEFAULT '',
	market_spec   TEXT NOT NULL DEFAULT '',
	agenda_spec   TEXT NOT NULL DEFAULT '',
	group_size    INTEGER NOT NULL CHECK (group_size BETWEEN 2 AND 8),
	avoid_repeats INTEGER NOT NULL CHECK (avoid_repeats >= 0),
	timezone      TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);

-- processed makes inbound Slack envelopes idempotent: the key is written in
-- the same transaction as the effect, so a redelivery changes nothing.
CREATE TABLE processed (
	key        TEXT PRIMARY KEY,
	created_at TEXT NOT NULL
);
