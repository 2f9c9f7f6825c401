-- The discussion marketplace. A program runs a sequence of marketplaces
-- (cycles): topics go to its one open marketplace; the agenda closes it and
-- the next topic opens the next one.
CREATE TABLE marketplaces (
	id          INTEGER PRIMARY KEY,
	program_id  TEXT NOT NULL,
	number      INTEGER NOT NULL,               -- 1 for the program's first
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	opened_at   TEXT NOT NULL,
	closed_at   TEXT NOT NULL DEFAULT '',
	agenda_channel TEXT NOT NULL DEFAULT '',    -- the agenda message, once posted
	agenda_ts   TEXT NOT NULL DEFAULT '',
	UNIQUE (program_id, number)
);
-- At most one open marketplace per program.
CREATE UNIQUE INDEX marketplaces_open ON marketplaces (program_id) WHERE status = 'open';

-- calls are the call-for-topics messages of a marketplace: a row is written
-- before the message is posted and gets its ts after, so a repeated request
-- (a redelivered envelope) finds its effect recorded and posts nothing.
CREATE TABLE calls (
	id             INTEGER PRIMARY KEY,
	marketplace_id INTEGER NOT NULL REFERENCES marketplaces (id),
	channel        TEXT NOT NULL,
	ts             TEXT NOT NULL DEFAULT '',     -- '' until Slack took it
	posted_by      TEXT NOT NULL DEFAULT '',     -- an admin, or '' for the schedule
	created_at     TEXT NOT NULL,
	posted_at      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX calls_by_marketplace ON calls (marketplace_id, id);

CREATE TABLE topics (
	id             INTEGER PRIMARY KEY,
	marketplace_id INTEGER NOT NULL REFERENCES marketplaces (id),
	program_id     TEXT NOT NULL,
	author_id      TEXT NOT NULL,
	text           TEXT NOT NULL,
	urgent         INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
	skill          TEXT NOT NULL DEFAULT '',     -- set for `ask`
	status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'discussed')),
	created_at     TEXT NOT NULL
);
CREATE INDEX topics_by_marketplace ON topics (marketplace_id);
CREATE INDEX topics_by_program ON topics (program_id);
CREATE INDEX topics_by_author ON topics (author_id);

-- One vote per person per topic; the budget per marketplace is enforced by
-- the store in the same transaction as the insert.
CREATE TABLE votes (
	topic_id   INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
	user_id    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (topic_id, user_id)
);
CREATE INDEX votes_by_user ON votes (user_id);
