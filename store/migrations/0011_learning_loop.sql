-- The learning loop: a partnership's shared goal, feedback after meeting,
-- and spaced review of answered quiz questions.

-- goals: one per partnership; any partner sets or changes it.
CREATE TABLE goals (
	group_id  INTEGER PRIMARY KEY REFERENCES groups (id),
	text      TEXT NOT NULL,
	set_by    TEXT NOT NULL,
	set_at    TEXT NOT NULL,
	status    TEXT NOT NULL DEFAULT '' CHECK (status IN ('', 'on_track', 'stuck', 'done')),
	status_by TEXT NOT NULL DEFAULT '',
	status_at TEXT NOT NULL DEFAULT ''
);

-- feedback: one rating per person and partnership, private to its author;
-- reports show averages over enough raters only.
CREATE TABLE feedback (
	group_id   INTEGER NOT NULL REFERENCES groups (id),
	user_id    TEXT NOT NULL,
	rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
	created_at TEXT NOT NULL,
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX feedback_by_user ON feedback (user_id);

-- reviews: where each answered question stands on its answerer's Leitner
-- ladder, and when it is due again.
CREATE TABLE reviews (
	user_id     TEXT NOT NULL,
	question_id INTEGER NOT NULL REFERENCES quiz_questions (id) ON DELETE CASCADE,
	box         INTEGER NOT NULL,
	due_at      TEXT NOT NULL,
	PRIMARY KEY (user_id, question_id)
);
CREATE INDEX reviews_due ON reviews (due_at);

-- review_answers: the second and later answers to a question, for retention.
CREATE TABLE review_answers (
	id          INTEGER PRIMARY KEY,
	question_id INTEGER NOT NULL REFERENCES quiz_questions (id) ON DELETE CASCADE,
	user_id     TEXT NOT NULL,
	choice      INTEGER NOT NULL,
	correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
	created_at  TEXT NOT NULL
);
CREATE INDEX review_answers_by_user ON review_answers (user_id);

-- review_days: the local day each person's review DM is queued for, so a
-- person gets at most one a day whatever fires.
CREATE TABLE review_days (
	user_id   TEXT NOT NULL,
	day       TEXT NOT NULL, -- YYYY-MM-DD in the person's zone
	outbox_id INTEGER NOT NULL,
	PRIMARY KEY (user_id, day)
);

-- review_off: people who stopped their review reminders (`quiz review off`).
CREATE TABLE review_off (
	user_id    TEXT PRIMARY KEY,
	created_at TEXT NOT NULL
);

-- A program's review schedule: when review DMs are queued (each is sent in
-- the person's own working hours). Existing programs get the default.
ALTER TABLE programs ADD COLUMN review_spec TEXT NOT NULL DEFAULT '0 10 * * *';
