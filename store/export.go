package store

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tandem-dev/tandem"
)

// ExportOptions says what an export holds beyond counts, IDs and metadata.
type ExportOptions struct {
	// NoteText adds the text of notes and of quiz questions (with their
	// options and right answer): partners' own words.
	NoteText bool
	// AnswersByPerson makes quiz_answers.csv one row per person and
	// question (who chose what); otherwise it holds per-question counts.
	AnswersByPerson bool
	// MinGroup is privacy.min_group: a count over fewer people reads
	// "fewer than MinGroup". At least tandem.MinGroupFloor.
	MinGroup int
}

// export is one CSV file of an export: its name and the query whose
// columns and rows it holds. In a query, {min_group} stands for
// ExportOptions.MinGroup.
type export struct {
	file  string
	query string
	// textQuery replaces query when note text is asked for.
	textQuery string
	// personQuery replaces query when answers by person are asked for.
	personQuery string
}

// leftOutCode is what an admin can act on about a left-out person:
// "alone" (too few participants) or "constraints" (the round's rules left
// them no place: more participants or a larger group_size would help). Like
// the admin's summary it never says whether an avoid list, anyone's, was
// involved; the stored code says that, for the person's own DM only.
const leftOutCode = `CASE reason WHEN 'alone' THEN 'alone' ELSE 'constraints' END`

// exports lists what `tandem export` writes. Private text (notes) is left
// out unless asked for; avoid lists and the reasons told to left-out
// people are never exported.
var exports = []export{
	{file: "programs.csv", query: `SELECT channel_id, name, match_spec AS match, checkin_spec AS checkin, market_spec AS marketplace,
		agenda_spec AS agenda, group_size, avoid_repeats, timezone, review_spec AS review, created_at, updated_at, digest_spec AS digest, language FROM programs ORDER BY created_at, channel_id`},
	{file: "rounds.csv", query: `SELECT r.id, r.program_id, r.seed, r.started_at, r.started_by, r.score, r.bound,
		(SELECT count(*) FROM groups g WHERE g.round_id = r.id) AS groups,
		(SELECT count(*) FROM left_out l WHERE l.round_id = r.id) AS left_out
		FROM rounds r ORDER BY r.id`},
	{file: "groups.csv", query: `SELECT id, round_id, program_id, score, status, dm_channel, created_at FROM groups ORDER BY id`},
	{file: "group_members.csv", query: `SELECT group_id, user_id FROM group_members ORDER BY group_id, rowid`},
	{file: "meetings.csv", query: `SELECT id AS group_id, round_id, program_id, met_at, met_by FROM groups WHERE met_at <> '' ORDER BY met_at, id`},
	{file: "left_out.csv", query: `SELECT round_id, user_id, ` + leftOutCode + ` AS code
		FROM left_out ORDER BY round_id, user_id`},
}

// Export writes one CSV file per table of interest into dir (created if
// needed, mode 0700), all from one read transaction so the files agree with
// each other even while tandem is serving. Every file is readable by its
// owner only (mode 0600), whatever the umask. What beyond counts and IDs
// the files hold is set by o. It returns the paths written.
func (db *DB) Export(ctx context.Context, dir string, o ExportOptions) ([]string, error) {
	if o.MinGroup < tandem.MinGroupFloor {
		return nil, fmt.Errorf("store: export: min group %d is below %d", o.MinGroup, tandem.MinGroupFloor)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	var paths []string
	err := db.view(ctx, func(tx *sql.Tx) error {
		all := append(append(append(append([]export(nil), exports...), followThroughExports...), marketplaceExports...), loopExports...)
		for _, e := range all {
			q := e.query
			if o.NoteText && e.textQuery != "" {
				q = e.textQuery
			}
			if o.AnswersByPerson && e.personQuery != "" {
				q = e.personQuery
			}
			q = strings.ReplaceAll(q, "{min_group}", strconv.Itoa(o.MinGroup))
			path := filepath.Join(dir, e.file)
			if err := writeCSV(ctx, tx, q, path); err != nil {
				return fmt.Errorf("%s: %w", e.file, err)
			}
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	return paths, nil
}

func writeCSV(ctx context.Context, tx *sql.Tx, query, path string) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	// A file left by an earlier export keeps its mode through O_TRUNC.
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	return queryCSV(ctx, tx, query, f)
}

// queryCSV writes the query's column names and then its rows as RFC 4180 CSV.
func queryCSV(ctx context.Context, tx *sql.Tx, query string, w io.Writer) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	out := csv.NewWriter(w)
	if err := out.Write(cols); err != nil {
		return err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	record := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			record[i] = v.String
		}
		if err := out.Write(record); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	out.Flush()
	return out.Error()
}
