-- welcomes remembers whom tandem welcomed to which program, so that a person
-- who leaves a program channel and joins it again is not welcomed twice.
CREATE TABLE welcomes (
	program_id TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (program_id, user_id)
);

-- round_previews are groupings an admin looked at before sending: not a
-- round until sent. body holds the groups, the people left out and the
-- participants they were computed from (JSON); round_id is set once sent.
CREATE TABLE round_previews (
	id         INTEGER PRIMARY KEY,
	program_id TEXT NOT NULL,
	seed       INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'sent', 'cancelled')),
	round_id   INTEGER,
	body       TEXT NOT NULL
);
