package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

// TestBackupWhileTwentyWritersInsertNotes runs `tandem backup` against a
// database that another holder of the lock (as `tandem run` is) keeps
// writing to from 20 goroutines. The copy must pass integrity_check and
// hold every note whose write was acknowledged before the backup started.
func TestBackupWhileTwentyWritersInsertNotes(t *testing.T) {
	t.Parallel()
	const writers = 20
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "tandem.db")
	release, err := store.Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	round := tandem.Round{Program: "C0LEARN001", Seed: 1, StartedAt: time.Now()}
	for i := range writers {
		round.Groups = append(round.Groups, tandem.Group{Members: []tandem.UserID{
			tandem.UserID(fmt.Sprintf("U0W%02dA0001", i)), tandem.UserID(fmt.Sprintf("U0W%02dB0001", i))}})
	}
	if round, err = db.CreateRound(ctx, "", round, nil); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var acked []tandem.NoteID
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range writers {
		g := round.Groups[i]
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				note, err := db.AddNote(ctx, "", g.ID, g.Members[n%2], fmt.Sprintf("writer %d note %d", i, n))
				if err != nil {
					t.Errorf("writer %d: %v", i, err)
					return
				}
				mu.Lock()
				acked = append(acked, note.ID)
				mu.Unlock()
			}
		})
	}
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }
	for deadline := time.Now().Add(10 * time.Second); count() < 200; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d notes written in 10 s", count())
		}
	}

	config := filepath.Join(dir, "tandem.yaml")
	if err := os.WriteFile(config, []byte("database:\n  path: "+path+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Every backup is checked. A backup takes a few milliseconds, and on a
	// loaded machine the writers may all happen to wait while one runs: the
	// test backs up again until a note was written during a backup, so that
	// it always tests a backup under concurrent writes.
	overlapped := false
	for attempt := 1; attempt <= 20 && !overlapped; attempt++ {
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", attempt))
		mu.Lock()
		before := append([]tandem.NoteID(nil), acked...)
		mu.Unlock()
		var stdout, stderr bytes.Buffer
		code := runMain(ctx, []string{"backup", "-config", config, "-out", out}, nil, &stdout, &stderr)
		during := count()
		if code != exitOK {
			t.Fatalf("tandem backup exited %d: %s", code, stderr.String())
		}
		mustContain(t, stdout.String(), "integrity check ok", "to restore")
		checkBackup(t, out, before)
		overlapped = during > len(before)
		t.Logf("backup %d: %d notes acknowledged before it, %d by its end", attempt, len(before), during)
	}
	close(stop)
	wg.Wait()
	if !overlapped {
		t.Error("no note was written while any of 20 backups ran: the test did not test concurrency")
	}
}

// checkBackup opens a backup and fails the test unless it is private,
// passes integrity_check and holds every note in before.
func checkBackup(t *testing.T, out string, before []tandem.NoteID) {
	t.Helper()
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600: it holds private notes", fi.Mode().Perm())
	}
	cp, err := sql.Open("sqlite", "file:"+out+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	var check string
	if err := cp.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check of the copy: %q, %v", check, err)
	}
	have := map[tandem.NoteID]bool{}
	rows, err := cp.Query(`SELECT id FROM notes`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id tandem.NoteID
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		have[id] = true
	}
	rows.Close()
	missing := 0
	for _, id := range before {
		if !have[id] {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of the %d notes acknowledged before the backup are missing from it", missing, len(before))
	}
}

func TestBackupRefusesWhatItCannotDo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "tandem.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	config := filepath.Join(dir, "tandem.yaml")
	if err := os.WriteFile(config, []byte("database:\n  path: "+path+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// No server needed: tandem backup refuses before it connects.
	pgConfig := filepath.Join(dir, "postgres.yaml")
	if err := os.WriteFile(pgConfig, []byte("database:\n  url: postgres://tandem@db.example.com:5432/tandem\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "old-backup.db")
	if err := os.WriteFile(out, []byte("last week's"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"backup", "-config", config, "-out", out}, "already exists"},
		{[]string{"backup", "-config", config}, "-out FILE is required"},
		{[]string{"backup", "-config", config, "-out", filepath.Join(dir, "no", "such", "dir.db")}, "directory does not exist"},
		{[]string{"backup", "-config", pgConfig, "-out", filepath.Join(dir, "pg.db")}, "back it up with pg_dump"},
	} {
		var stderr bytes.Buffer
		code := runMain(context.Background(), tt.args, nil, &bytes.Buffer{}, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tt.args[1:], code, stderr.String(), exitUsage, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "pg.db")); err == nil {
		t.Error("tandem backup on PostgreSQL created a file")
	}
	if b, _ := os.ReadFile(out); string(b) != "last week's" {
		t.Errorf("the existing backup was changed: %q", b)
	}
}
