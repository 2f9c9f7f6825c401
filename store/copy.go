package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// TableCopy is what CopyTo copied of one table and what it verified.
type TableCopy struct {
	Table    string
	Rows     int    // in the source, and in the target after the copy
	Checksum string // SHA-256 of every row, in key order, the same on both sides
}

// bookkeeping tables are the target's own: its migrations, its leader.
var bookkeeping = map[string]bool{"schema_migrations": true, "leader": true}

// CopyTo copies every table of db, a SQLite database, into dst, an empty
// PostgreSQL database, with ids preserved, in one transaction of dst; then
// it checks each table's row count and checksum on both sides. It refuses a
// target that holds any row (its own installation secret excepted: the
// source's replaces it, so that everyone forgotten stays forgotten), and a
// source that is not SQLite. Stop `tandem run` before copying: rows written
// meanwhile would not be copied.
func (db *DB) CopyTo(ctx context.Context, dst *DB) ([]TableCopy, error) {
	if db.isPostgres() || !dst.isPostgres() {
		return nil, errors.New("store: copy: from a SQLite database to a PostgreSQL one only")
	}
	var tables []string
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				return err
			}
			if !bookkeeping[name] {
				tables = append(tables, name)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: copy: list tables: %w", err)
	}
	for _, t := range tables {
		if t == "installation" {
			continue
		}
		var n int
		if err := dst.read.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: copy: target table %s: %w", t, err)
		}
		if n > 0 {
			return nil, fmt.Errorf("store: copy: the target is not empty (%s has %d rows): copy into a new, empty database", t, n)
		}
	}
	tx, err := dst.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: copy: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	// The write lock, exclusively: no replica writes meanwhile.
	if err := dst.lockWrite(ctx, tx, ""); err != nil {
		return nil, fmt.Errorf("store: copy: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM installation`); err != nil {
		return nil, fmt.Errorf("store: copy: %w", err)
	}
	for _, t := range tables {
		if err := db.copyTable(ctx, tx, dst, t); err != nil {
			return nil, fmt.Errorf("store: copy: table %s: %w", t, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: copy: commit: %w", err)
	}
	var out []TableCopy
	for _, t := range tables {
		src, err := db.tableSum(ctx, t)
		if err != nil {
			return out, fmt.Errorf("store: copy: verify %s: %w", t, err)
		}
		got, err := dst.tableSum(ctx, t)
		if err != nil {
			return out, fmt.Errorf("store: copy: verify %s: %w", t, err)
		}
		if src != got {
			return out, fmt.Errorf("store: copy: verify %s: the source has %d rows (checksum %s), the target %d (%s)", t, src.Rows, src.Checksum[:12], got.Rows, got.Checksum[:12])
		}
		out = append(out, src)
	}
	return out, nil
}

// columns returns a table's columns in the source's order.
func (db *DB) columns(ctx context.Context, table string) ([]string, error) {
	var cols []string
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			cols = append(cols, c)
		}
		return rows.Err()
	})
	return cols, err
}

// hasRowID reports whether the PostgreSQL table carries SQLite's rowid.
func (dst *DB) hasRowID(ctx context.Context, tx *sql.Tx, table string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'rowid'`, table).Scan(&n)
	return n > 0, err
}

func (db *DB) copyTable(ctx context.Context, tx *sql.Tx, dst *DB, table string) error {
	cols, err := db.columns(ctx, table)
	if err != nil {
		return err
	}
	rowid, err := dst.hasRowID(ctx, tx, table)
	if err != nil {
		return err
	}
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = quoteIdent(c)
	}
	ins := append([]string(nil), sel...)
	if rowid {
		sel = append(sel, "rowid")
		ins = append(ins, "rowid")
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ins)), ", ")
	insert := `INSERT INTO ` + quoteIdent(table) + ` (` + strings.Join(ins, ", ") + `) OVERRIDING SYSTEM VALUE VALUES (` + marks + `)`
	err = db.view(ctx, func(src *sql.Tx) error {
		rows, err := src.QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM `+quoteIdent(table)+` ORDER BY rowid`)
		if err != nil {
			return err
		}
		defer rows.Close()
		stmt, err := tx.PrepareContext(ctx, insert)
		if err != nil {
			return err
		}
		defer stmt.Close()
		vals := make([]any, len(sel))
		ptrs := make([]any, len(sel))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, vals...); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	// Identity columns go on after the highest copied id.
	idCols := cols
	if rowid {
		idCols = append(idCols, "rowid")
	}
	for _, c := range idCols {
		var seq sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT pg_get_serial_sequence(?, ?)`, quoteIdent(dst.pg.schema)+"."+quoteIdent(table), c).Scan(&seq); err != nil {
			return err
		}
		if !seq.Valid {
			continue
		}
		if _, err := tx.ExecContext(ctx, `SELECT setval(?, coalesce((SELECT max(`+quoteIdent(c)+`) FROM `+quoteIdent(table)+`), 0) + 1, false)`, seq.String); err != nil {
			return err
		}
	}
	return nil
}

// tableSum counts a table's rows and hashes them, every column of the
// source's, in the order of all columns: the same text on both backends.
func (db *DB) tableSum(ctx context.Context, table string) (TableCopy, error) {
	out := TableCopy{Table: table}
	var cols []string
	err := db.view(ctx, func(tx *sql.Tx) error {
		var q string
		if db.isPostgres() {
			q = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name <> 'rowid' ORDER BY ordinal_position`
		} else {
			q = `SELECT name FROM pragma_table_info(?) ORDER BY cid`
		}
		rows, err := tx.QueryContext(ctx, q, table)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return err
			}
			cols = append(cols, quoteIdent(c))
		}
		rows.Close()
		order := make([]string, len(cols))
		for i := range cols {
			order[i] = strconv.Itoa(i + 1)
		}
		data, err := tx.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+quoteIdent(table)+` ORDER BY `+strings.Join(order, ", "))
		if err != nil {
			return err
		}
		defer data.Close()
		h := sha256.New()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for data.Next() {
			if err := data.Scan(ptrs...); err != nil {
				return err
			}
			for _, v := range vals {
				switch v := v.(type) {
				case nil:
					h.Write([]byte("\x00N"))
				case []byte:
					h.Write([]byte("\x00B" + hex.EncodeToString(v)))
				default:
					fmt.Fprintf(h, "\x00V%v", v)
				}
			}
			h.Write([]byte("\n"))
			out.Rows++
		}
		out.Checksum = hex.EncodeToString(h.Sum(nil))
		return data.Err()
	})
	return out, err
}
