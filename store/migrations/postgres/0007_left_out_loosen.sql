-- What an admin could change so that a left-out person is placed next time.
ALTER TABLE left_out ADD COLUMN loosen TEXT COLLATE "C" NOT NULL DEFAULT '';
