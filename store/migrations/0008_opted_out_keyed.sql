-- installation holds this database's own secret: 32 random bytes, written
-- by tandem at the first start after this migration (SQLite cannot make
-- them: see store/optout.go). It keys the opted-out marker, so that the
-- marker cannot be recomputed from a list of the workspace's user IDs.
CREATE TABLE installation (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	secret BLOB NOT NULL CHECK (length(secret) = 32)
);

-- opted_out now holds HMAC-SHA-256(secret, the old unkeyed hash). The old
-- rows are converted at start, by tandem, which holds the secret; no user
-- ID is needed for that, so everyone forgotten before stays forgotten.
ALTER TABLE opted_out RENAME TO opted_out_unkeyed;
CREATE TABLE opted_out (
	user_key   TEXT PRIMARY KEY,
	created_at TEXT NOT NULL
);
