package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

// matched saves a round of program with one group per member list, marks
// every intro as delivered (so check-ins may follow) and returns the round.
func matched(t testing.TB, db *store.DB, program tandem.ChannelID, groups ...[]tandem.UserID) tandem.Round {
	t.Helper()
	ctx := context.Background()
	r := tandem.Round{Program: program, Seed: 1, StartedAt: db.Now()}
	for _, members := range groups {
		r.Groups = append(r.Groups, tandem.Group{Members: members, Score: 10})
	}
	r, err := db.CreateRound(ctx, "", r, nil)
	if err != nil {
		t.Fatal(err)
	}
	items, err := db.PendingOutbox(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Kind == tandem.OutboxIntro {
			if err := db.MarkSent(ctx, it, fmt.Sprintf("1767261601.%06d", it.Group)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return r
}

func TestNoteTextIsStoredLiterally(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	g := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}).Groups[0].ID
	texts := []string{
		"we paired on the GC chapter 🎉🧠",
		"שלום, تعلمنا اليوم عن القنوات", // Hebrew and Arabic, right to left
		"'; DROP TABLE notes;--",
		"<@U2> & <!channel> *bold* `code`",
		strings.Repeat("x", 9999) + "é", // 10,000 characters, the longest the bot accepts
	}
	for i, text := range texts {
		n, err := db.AddNote(ctx, "", g, []tandem.UserID{"U1", "U2"}[i%2], text)
		if err != nil {
			t.Fatalf("note %d: %v", i, err)
		}
		if n.ID == 0 || n.Group != g || n.Text != text {
			t.Errorf("note %d came back as %+v", i, n)
		}
	}
	got, err := db.Notes(ctx, g, "U2")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(texts) {
		t.Fatalf("%d notes, want %d", len(got), len(texts))
	}
	for i, n := range got { // newest first
		want := texts[len(texts)-1-i]
		if n.Text != want {
			t.Errorf("note %d: text %q, want %q", i, firstN(n.Text, 40), firstN(want, 40))
		}
		if !n.Created.Equal(db.Now()) {
			t.Errorf("note %d: created %s", i, n.Created)
		}
	}
}

func TestNotesArePrivateToTheirPartnership(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	r := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}, []tandem.UserID{"U3", "U4"})
	g1, g2 := r.Groups[0].ID, r.Groups[1].ID
	if _, err := db.AddNote(ctx, "", g1, "U1", "secret progress"); err != nil {
		t.Fatal(err)
	}
	for _, reader := range []tandem.UserID{"U3", "UADMIN"} {
		if _, err := db.Notes(ctx, g1, reader); tandem.ErrorCode(err) != tandem.EFORBIDDEN {
			t.Errorf("%s reading g1: %v, want EFORBIDDEN", reader, err)
		}
	}
	if _, err := db.AddNote(ctx, "", g1, "U3", "intruder"); tandem.ErrorCode(err) != tandem.EFORBIDDEN {
		t.Errorf("U3 writing to g1: %v, want EFORBIDDEN", err)
	}
	if _, err := db.AddNote(ctx, "", 999, "U3", "nowhere"); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("note to a missing group: %v, want ENOTFOUND", err)
	}
	if n, err := db.Notes(ctx, g2, "U3"); err != nil || len(n) != 0 {
		t.Errorf("g2 notes: %v, %v; want none", n, err)
	}
	latest, err := db.LatestNotes(ctx, "U4", 5)
	if err != nil || len(latest) != 0 {
		t.Errorf("U4's latest notes: %v, %v; want none", latest, err)
	}
	latest, err = db.LatestNotes(ctx, "U2", 5)
	if err != nil || len(latest) != 1 || latest[0].Text != "secret progress" {
		t.Errorf("U2's latest notes: %v, %v", latest, err)
	}
}

func TestAddNoteRedeliveredIsStoredOnce(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	g := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}).Groups[0].ID
	for i := range 3 {
		_, err := db.AddNote(ctx, tandem.Key("envelope:E1"), g, "U1", "once")
		if i == 0 && err != nil || i > 0 && !errors.Is(err, tandem.ErrDuplicate) {
			t.Fatalf("delivery %d: %v", i+1, err)
		}
	}
	if n, _ := db.Notes(ctx, g, "U1"); len(n) != 1 {
		t.Errorf("%d notes after 3 deliveries, want 1", len(n))
	}
}

// BenchmarkNoteInsert compares a note insert through the store, as the bot
// makes it (membership check, idempotency key and note in one transaction,
// through group commit), with a raw single-row transaction on a
// database/sql handle with the same pragmas (WAL, synchronous=FULL), in
// the same run. Target (docs/benchmarks.md): ratio >= 0.5.
func BenchmarkNoteInsert(b *testing.B) {
	ctx := context.Background()
	b.Run("serial", func(b *testing.B) {
		db, gs := benchDB(b, 1)
		var seq atomic.Int64
		b.ResetTimer()
		storeRate := measure(b, func() error {
			k := seq.Add(1)
			_, err := db.AddNote(ctx, tandem.Key(fmt.Sprint("bench:", k)), gs[0].ID, "U1", benchNote)
			return err
		})
		if onPostgres() {
			reportStore(b, storeRate) // the raw comparison is SQLite's
			return
		}
		raw := rawDB(b, db)
		rawRate := measure(b, func() error { return rawInsert(ctx, raw, seq.Add(1)) })
		report(b, storeRate, rawRate)
	})
	b.Run("parallel8", func(b *testing.B) {
		// Eight partnerships, each writing: on PostgreSQL writes of one
		// partnership take turns, writes of different ones do not.
		db, gs := benchDB(b, 8)
		var seq atomic.Int64
		b.ResetTimer()
		storeRate := measureParallel(b, func() error {
			k := seq.Add(1)
			g := gs[k%int64(len(gs))]
			_, err := db.AddNote(ctx, tandem.Key(fmt.Sprint("bench:", k)), g.ID, g.Members[0], benchNote)
			return err
		})
		if onPostgres() {
			reportStore(b, storeRate) // the raw comparison is SQLite's
			return
		}
		raw := rawDB(b, db)
		rawRate := measureParallel(b, func() error { return rawInsert(ctx, raw, seq.Add(1)) })
		report(b, storeRate, rawRate)
	})
}

// benchNote is about the size of a real note (≈190 bytes).
var benchNote = strings.Repeat("Paired on the scheduler's DST handling; next: table tests. ", 3)

// benchDB is a database with a round of the given number of pairs.
func benchDB(b *testing.B, pairs int) (*store.DB, []tandem.Group) {
	db := open(b)
	db.Now = time.Now
	var groups [][]tandem.UserID
	for i := range pairs {
		groups = append(groups, []tandem.UserID{tandem.UserID(fmt.Sprintf("U%d", 2*i+1)), tandem.UserID(fmt.Sprintf("U%d", 2*i+2))})
	}
	return db, matched(b, db, "C1", groups...).Groups
}

// rawDB opens a second file with the DSN pragmas the store uses, and
// checks that both really run with the same settings.
func rawDB(b *testing.B, db *store.DB) *sql.DB {
	ctx := context.Background()
	path := filepath.Join(filepath.Dir(db.Path()), "raw.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=synchronous(full)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	b.Cleanup(func() { raw.Close() })
	if _, err := raw.Exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, group_id INTEGER, author TEXT, body TEXT, created_at TEXT)`); err != nil {
		b.Fatal(err)
	}
	want, err := db.Pragmas(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []string{"journal_mode", "synchronous", "busy_timeout"} {
		var got string
		if err := raw.QueryRow("PRAGMA " + p).Scan(&got); err != nil || got != want[p] {
			b.Fatalf("raw pragma %s = %q (%v), store has %q", p, got, err, want[p])
		}
	}
	return raw
}

func rawInsert(ctx context.Context, raw *sql.DB, k int64) error {
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO notes (group_id, author, body, created_at) VALUES (?, ?, ?, ?)`, k, "U1", benchNote, "2026-11-23T09:00:00.000Z"); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// measure runs op b.N times and returns operations per second.
func measure(b *testing.B, op func() error) float64 {
	start := time.Now()
	for range b.N {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	return float64(b.N) / time.Since(start).Seconds()
}

// measureParallel runs op b.N times from 8 goroutines (as 8 handlers
// would) and returns operations per second.
func measureParallel(b *testing.B, op func() error) float64 {
	var left atomic.Int64
	left.Store(int64(b.N))
	errs := make(chan error, 8)
	start := time.Now()
	for range 8 {
		go func() {
			for left.Add(-1) >= 0 {
				if err := op(); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	return float64(b.N) / time.Since(start).Seconds()
}

// reportStore reports the store's rate alone.
func reportStore(b *testing.B, storeRate float64) {
	b.ReportMetric(storeRate, "notes/s")
	b.ReportMetric(0, "ns/op")
}

func report(b *testing.B, storeRate, rawRate float64) {
	b.ReportMetric(storeRate, "notes/s")
	b.ReportMetric(rawRate, "raw-tx/s")
	b.ReportMetric(storeRate/rawRate, "ratio")
	b.ReportMetric(0, "ns/op") // the rates above are the result; ns/op mixes both loops
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
