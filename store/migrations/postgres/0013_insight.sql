-- HR insight: a program's monthly digest schedule (DMs admins the report,
-- the skills view and the trends chart), and the program an outbox message
-- is about, for messages that belong to no round or group (the digest).
ALTER TABLE programs ADD COLUMN digest_spec TEXT COLLATE "C" NOT NULL DEFAULT '0 9 1 * *';
ALTER TABLE outbox ADD COLUMN program_id TEXT COLLATE "C" NOT NULL DEFAULT '';
