-- Rounds keep why someone was left out as a code (tandem.LeftOutCode); the
-- Slack edge words it, once for the person and once for an admin. Rows
-- saved before held the person's sentence and the admin's hint.
UPDATE left_out SET reason = CASE
	WHEN reason LIKE 'You were the only participant%' THEN 'alone'
	WHEN reason LIKE 'Your avoid list rules out%' THEN 'own_avoid_list'
	WHEN reason LIKE 'No one in this round could be matched%' THEN 'avoided'
	WHEN reason IN ('alone', 'own_avoid_list', 'avoided', 'no_room') THEN reason
	ELSE 'no_room'
END;
ALTER TABLE left_out DROP COLUMN loosen;
