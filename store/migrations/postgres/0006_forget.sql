-- opted_out remembers that someone asked tandem to forget them, so that
-- rounds leave them out, without keeping their user ID: only a hash of it.
-- Any later profile change by the same person removes the row.
CREATE TABLE opted_out (
	user_hash  TEXT COLLATE "C" PRIMARY KEY,
	created_at TEXT COLLATE "C" NOT NULL
);
