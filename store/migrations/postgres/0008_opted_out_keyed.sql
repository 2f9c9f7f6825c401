-- installation holds this database's own secret: 32 random bytes, written
-- by tandem at the first start after this migration (SQLite cannot make
-- them: see store/optout.go). It keys the opted-out marker, so that the
-- marker cannot be recomputed from a list of the workspace's user IDs.
CREATE TABLE installation (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	secret BYTEA NOT NULL CHECK (length(secret) = 32)
);

-- opted_out holds HMAC-SHA-256(secret, the unkeyed hash). A PostgreSQL
-- database never held unkeyed rows (it starts at this version), so the
-- table is simply made anew.
DROP TABLE opted_out;
CREATE TABLE opted_out (
	user_key   TEXT COLLATE "C" PRIMARY KEY,
	created_at TEXT COLLATE "C" NOT NULL
);
