package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Statuses of a recorded firing.
const (
	FiringRunning = "running" // claimed; the job has not finished (or the process died meanwhile)
	FiringRan     = "ran"     // the job returned nil
	FiringFailed  = "failed"  // the job returned an error or panicked
	FiringSkipped = "skipped" // deliberately not run: missed beyond the grace window, or still running
)

// maxFiringError bounds the error text kept per firing: a job error can wrap
// a whole HTTP body, and the ledger only needs enough to say what went wrong.
const maxFiringError = 1000

// Firing is one recorded firing of a scheduled job: the scheduler's ledger
// row, written before the job runs.
type Firing struct {
	JobKey     string
	Local      string    // scheduled wall time in the job's zone, e.g. 2025-11-02T01:30
	At         time.Time // the scheduled instant, UTC
	Status     string    // one of the Firing* statuses
	Error      string    // why it failed or was skipped; "" otherwise
	CreatedAt  time.Time // when it was claimed or skipped
	FinishedAt time.Time // zero while running
}

// ClaimFiring records that the firing of job key scheduled at the wall time
// local (the instant at) is running. It reports false, and changes nothing,
// if that firing is already recorded with any status: the caller must then
// not run the job. This is what makes a double fire of one minute a no-op.
func (db *DB) ClaimFiring(ctx context.Context, key, local string, at time.Time) (bool, error) {
	ok, err := db.insertFiring(ctx, key, local, at, FiringRunning, "")
	if err != nil {
		return false, fmt.Errorf("store: claim firing %s %s: %w", key, local, err)
	}
	return ok, nil
}

// SkipFiring records that the firing of job key at local (the instant at)
// was deliberately not run, and why. Like ClaimFiring it reports false and
// changes nothing if that firing is already recorded.
func (db *DB) SkipFiring(ctx context.Context, key, local string, at time.Time, reason string) (bool, error) {
	ok, err := db.insertFiring(ctx, key, local, at, FiringSkipped, reason)
	if err != nil {
		return false, fmt.Errorf("store: skip firing %s %s: %w", key, local, err)
	}
	return ok, nil
}

func (db *DB) insertFiring(ctx context.Context, key, local string, at time.Time, status, reason string) (bool, error) {
	var inserted bool
	err := db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO firings (job_key, scheduled_local, scheduled_at, status, error, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (job_key, scheduled_local) DO NOTHING`,
			key, local, formatTime(at), status, clipUTF8(reason, maxFiringError), db.now())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		inserted = n == 1
		return err
	})
	return inserted, err
}

// FinishFiring records how a claimed firing ended: ran if runErr is nil,
// failed with runErr's text otherwise. It fails if the firing was not
// claimed with ClaimFiring or has already finished.
func (db *DB) FinishFiring(ctx context.Context, key, local string, runErr error) error {
	status, text := FiringRan, ""
	if runErr != nil {
		status, text = FiringFailed, clipUTF8(runErr.Error(), maxFiringError)
	}
	err := db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE firings SET status = ?, error = ?, finished_at = ?
			WHERE job_key = ? AND scheduled_local = ? AND status = ?`,
			status, text, db.now(), key, local, FiringRunning)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errors.New("no running firing with that key")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: finish firing %s %s: %w", key, local, err)
	}
	return nil
}

// LastFiring returns the scheduled instant of the newest recorded firing of
// job key, whatever its status, and false if key never fired. A restarted
// scheduler counts missed firings from there.
func (db *DB) LastFiring(ctx context.Context, key string) (time.Time, bool, error) {
	var at string
	err := db.view(ctx, func(tx *sql.Tx) error {
		// scheduled_at is fixed-width UTC text, so text order is time order.
		return tx.QueryRowContext(ctx, `SELECT scheduled_at FROM firings WHERE job_key = ?
			ORDER BY scheduled_at DESC LIMIT 1`, key).Scan(&at)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	} else if err != nil {
		return time.Time{}, false, fmt.Errorf("store: last firing %s: %w", key, err)
	}
	t, err := parseTime(at)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: last firing %s: %w", key, err)
	}
	return t, true, nil
}

// Firings returns up to limit recorded firings of job key, newest first.
func (db *DB) Firings(ctx context.Context, key string, limit int) ([]Firing, error) {
	var out []Firing
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT job_key, scheduled_local, scheduled_at, status, error, created_at, finished_at
			FROM firings WHERE job_key = ? ORDER BY scheduled_at DESC, scheduled_local DESC LIMIT ?`, key, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f Firing
			var at, created, finished string
			if err := rows.Scan(&f.JobKey, &f.Local, &at, &f.Status, &f.Error, &created, &finished); err != nil {
				return err
			}
			if f.At, err = parseTime(at); err != nil {
				return err
			}
			if f.CreatedAt, err = parseTime(created); err != nil {
				return err
			}
			if f.FinishedAt, err = parseTime(finished); err != nil {
				return err
			}
			out = append(out, f)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: firings %s: %w", key, err)
	}
	return out, nil
}

// PruneFirings deletes firings scheduled before the given instant and
// reports how many it deleted. It keeps the newest firing of every job,
// however old, so that LastFiring still tells a restarted scheduler where
// each schedule stood.
func (db *DB) PruneFirings(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM firings WHERE scheduled_at < ?
			AND scheduled_at < (SELECT MAX(newest.scheduled_at) FROM firings AS newest WHERE newest.job_key = firings.job_key)`,
			formatTime(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: prune firings: %w", err)
	}
	return n, nil
}

// clipUTF8 cuts s to at most n bytes without splitting a UTF-8 sequence.
func clipUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// Interrupted returns the newest recorded firing of key if it is still
// recorded as running (a stop cut it short), and false otherwise.
func (db *DB) Interrupted(ctx context.Context, key string) (local string, at time.Time, ok bool, err error) {
	last, err := db.Firings(ctx, key, 1)
	if err != nil || len(last) == 0 || last[0].Status != FiringRunning {
		return "", time.Time{}, false, err
	}
	return last[0].Local, last[0].At, true, nil
}
