-- The language of a program's channel posts (marketplace call, agenda,
-- `ask` posts): "en", "de", or "" for the configured language.
ALTER TABLE programs ADD COLUMN language TEXT NOT NULL DEFAULT '';
