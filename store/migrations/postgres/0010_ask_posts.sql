-- The channel post of an urgent `ask`, so that it can be redrawn when its
-- author asks tandem to forget them.
ALTER TABLE topics ADD COLUMN post_ts TEXT COLLATE "C" NOT NULL DEFAULT '';
