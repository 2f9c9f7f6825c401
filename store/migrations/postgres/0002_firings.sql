-- firings is the scheduler's ledger: one row per scheduled firing of a job,
-- written before the job runs. The UNIQUE key on the local wall time makes a
-- second firing of the same minute (a fall-back hour, a second process, a
-- restart) a no-op, and the newest row tells a restarted scheduler what it
-- missed.
CREATE TABLE firings (
	job_key         TEXT COLLATE "C" NOT NULL,
	scheduled_local TEXT COLLATE "C" NOT NULL, -- wall time in the job's zone, e.g. 2025-11-02T01:30
	scheduled_at    TEXT COLLATE "C" NOT NULL, -- the same firing as a UTC instant
	status          TEXT COLLATE "C" NOT NULL CHECK (status IN ('running', 'ran', 'failed', 'skipped')),
	error           TEXT COLLATE "C" NOT NULL DEFAULT '', -- why it failed or was skipped
	created_at      TEXT COLLATE "C" NOT NULL,
	finished_at     TEXT COLLATE "C" NOT NULL DEFAULT '',
	UNIQUE (job_key, scheduled_local)
);
CREATE INDEX firings_by_time ON firings (job_key, scheduled_at);
