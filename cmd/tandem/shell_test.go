package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/internal/logbuf"
)

// runShell feeds a script to `tandem shell` on a fresh database and
// returns what it printed.
func runShell(t *testing.T, db, script string) string {
	t.Helper()
	var out, errOut logbuf.Buffer
	code := runMain(context.Background(), []string{"shell", "-db", db}, strings.NewReader(script), &out, &errOut)
	if code != 0 {
		t.Fatalf("shell exited %d:\n%s\n%s", code, out.String(), errOut.String())
	}
	return out.String()
}

func TestShellProfileCommands(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "tandem.db")
	out := runShell(t, db, "/tandem help\n/tandem teach go, Rust\n/tandem profile\n")
	mustContain(t, out,
		"ana in #learning> /tandem help", "/tandem teach go, sql",
		"You can teach: go, rust.",
		"*YOUR TANDEM PROFILE*", "Can teach:* go, rust", "Wants to learn:* kubernetes, ux design", "Europe/Berlin")
	// The database keeps what was typed across runs.
	mustContain(t, runShell(t, db, "/tandem profile\n"), "Can teach:* go, rust")
}

func TestShellMatchShowsIntrosWithReasons(t *testing.T) {
	t.Parallel()
	out := runShell(t, filepath.Join(t.TempDir(), "tandem.db"), "as @ana\n/tandem match #learning\nas @hr\nin #general\n/tandem match #learning\n")
	mustContain(t, out, "Only tandem admins")
	mustContain(t, out,
		"(you are now @hr)", "3 groups matched",
		"group DM @ana, @bob", "@ana can teach @bob *go*", "@bob can teach @ana *kubernetes*", "true tandem",
		"both in Berlin", "[1] We met   [2] Skip this round",
		"DM @hr + tandem", "Round 1 in #learning is out")
	if strings.Contains(out, "<@U") || strings.Contains(out, "pollbot") {
		t.Errorf("raw IDs or the bot in the shell output:\n%s", out)
	}
}

// TestShellShowsTheLearningLoop: the intro's Set our goal button, the
// rating buttons after We met, and, once a day has passed, `quiz` serving
// the question due for review.
func TestShellShowsTheLearningLoop(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "tandem.db")
	out := runShell(t, db, "as @hr\nin #general\n/tandem match #learning\nas @ana\n1\n4\nin dm\n"+
		"/tandem goal learn Go together\n/tandem quiz add What does GC stand for? | Go Compiler | *Garbage Collector\nas @bob\n2\n/tandem quiz\n")
	mustContain(t, out,
		"[1] We met   [2] Skip this round   [3] Set our goal",
		"How useful was it?", "[1] 1   [2] 2   [3] 3   [4] 4   [5] 5",
		"you rated it 4 of 5",
		"@ana set your shared goal:", ">learn Go together",
		"Right!", "It comes back for review in 1 day",
		"No quiz questions are waiting for you")

	// A day later (the shell runs on the wall clock, so the test moves the
	// due date back a day instead) `quiz` serves it again.
	sdb, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec(`UPDATE reviews SET due_at = '2000-01-01T00:00:00.000Z'`); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	out = runShell(t, db, "as @bob\n/tandem quiz\n2\n")
	mustContain(t, out, "Review:* question 1, due again for you", ">What does GC stand for?", "[2] 2. Garbage Collector",
		"Right!", "It comes back for review in 3 days")
}
