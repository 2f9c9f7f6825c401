-- Follow-through: what partners do once matched.

-- notes are a partnership's progress notes, stored exactly as typed. Only
-- the partnership's members read them; reports count them, never show them.
CREATE TABLE notes (
	id         INTEGER PRIMARY KEY,
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	author     TEXT NOT NULL,
	body       TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX notes_by_group ON notes (group_id, id);
CREATE INDEX notes_by_author ON notes (author);

-- quiz_questions are scoped to a partnership (group_id set: for its other
-- members) or to a program (group_id NULL: for everyone matched in it).
CREATE TABLE quiz_questions (
	id         INTEGER PRIMARY KEY,
	program_id TEXT NOT NULL,
	group_id   INTEGER REFERENCES groups (id),
	author     TEXT NOT NULL,
	question   TEXT NOT NULL,
	options    TEXT NOT NULL,    -- JSON array of 2 to 6 strings
	correct    INTEGER NOT NULL, -- index into options
	created_at TEXT NOT NULL
);
CREATE INDEX quiz_questions_by_program ON quiz_questions (program_id, id);
CREATE INDEX quiz_questions_by_group ON quiz_questions (group_id);
CREATE INDEX quiz_questions_by_author ON quiz_questions (author);

-- quiz_answers: one per person and question.
CREATE TABLE quiz_answers (
	question_id INTEGER NOT NULL REFERENCES quiz_questions (id) ON DELETE CASCADE,
	user_id     TEXT NOT NULL,
	choice      INTEGER NOT NULL, -- index into the question's options
	correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
	created_at  TEXT NOT NULL,
	PRIMARY KEY (question_id, user_id)
);
CREATE INDEX quiz_answers_by_user ON quiz_answers (user_id);

-- clicks records the follow-through buttons: who pressed what for which
-- partnership, once per person, partnership and button.
CREATE TABLE clicks (
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	user_id    TEXT NOT NULL,
	action     TEXT NOT NULL CHECK (action IN ('met', 'skip', 'keep')),
	created_at TEXT NOT NULL,
	PRIMARY KEY (group_id, user_id, action)
);
CREATE INDEX clicks_by_user ON clicks (user_id);

-- ghosts records who was paused for staying silent in a program, at which
-- round, and whether they clicked "Keep me in".
CREATE TABLE ghosts (
	program_id TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	round_id   INTEGER NOT NULL REFERENCES rounds (id),
	group_id   INTEGER NOT NULL REFERENCES groups (id), -- their group in that round
	paused_at  TEXT NOT NULL,
	kept_at    TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (program_id, user_id, round_id)
);
CREATE INDEX ghosts_by_user ON ghosts (user_id);

-- Check-ins are queued per group; this finds a group's pending one fast.
CREATE INDEX outbox_by_group ON outbox (group_id, kind, status);
