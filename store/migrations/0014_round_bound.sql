-- A round's total score and the proven upper bound on the best possible
-- grouping of the same people: how close the round came to the optimum.
ALTER TABLE rounds ADD COLUMN score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rounds ADD COLUMN bound INTEGER NOT NULL DEFAULT 0;
