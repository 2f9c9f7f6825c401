-- A round is one matching run of one program. Its groups, the people left
-- out and one outbox row per message to send are written with it in one
-- transaction, so a crash never leaves a round half-announced.
CREATE TABLE rounds (
	id         INTEGER PRIMARY KEY,
	program_id TEXT NOT NULL,
	seed       INTEGER NOT NULL,
	started_at TEXT NOT NULL,
	started_by TEXT NOT NULL DEFAULT ''  -- an admin, or '' for the schedule
);
CREATE INDEX rounds_by_program ON rounds (program_id, id);

CREATE TABLE groups (
	id         INTEGER PRIMARY KEY,
	round_id   INTEGER NOT NULL REFERENCES rounds (id),
	program_id TEXT NOT NULL,
	score      INTEGER NOT NULL,
	why        TEXT NOT NULL DEFAULT '[]', -- JSON array of sentences
	dm_channel TEXT NOT NULL DEFAULT '',
	intro_ts   TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'skipped', 'ended')),
	met_at     TEXT NOT NULL DEFAULT '',
	met_by     TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX groups_by_round ON groups (round_id);
CREATE INDEX groups_by_dm ON groups (dm_channel);

CREATE TABLE group_members (
	group_id INTEGER NOT NULL REFERENCES groups (id),
	user_id  TEXT NOT NULL,
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_by_user ON group_members (user_id);

CREATE TABLE left_out (
	round_id INTEGER NOT NULL REFERENCES rounds (id),
	user_id  TEXT NOT NULL,
	reason   TEXT NOT NULL,
	PRIMARY KEY (round_id, user_id)
);

-- outbox holds messages that must reach Slack. A sender drains it in id
-- order; a row is marked sent with the message ts only after Slack took it.
CREATE TABLE outbox (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,             -- intro, left_out, summary, ...
	round_id   INTEGER REFERENCES rounds (id),
	group_id   INTEGER REFERENCES groups (id),
	user_id    TEXT NOT NULL DEFAULT '',  -- whom a DM goes to
	status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	not_before TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	sent_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (status, id);
