package main

import (
	"bytes"
	"context"
	"database/sql"
	"image/png"
	"os"
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
	// The round's certificate, in plain words, in the reply and the summary.
	if n := strings.Count(out, "best possible grouping."); n < 2 || !strings.Contains(out, "Proven ") {
		t.Errorf("the admin's reply and summary do not both say how close the round is to the best grouping (%d):\n%s", n, out)
	}
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

func TestShellNewcomerJoinsAndFillsTheProfileForm(t *testing.T) {
	t.Parallel()
	script := "as @zoe\njoin #learning\n1\nfill 1 go, SQL\nfill 2 " + strings.Repeat("y", 41) + "\nsubmit\n" +
		"fill 2 rust\nfill 3 kubernetes\nfill 5 remote\nfill 6 Lisbon\nsubmit\n/tandem profile\njoin #learning\n"
	out := runShell(t, filepath.Join(t.TempDir(), "tandem.db"), script)
	mustContain(t, out,
		"(@zoe joined #learning)", "┌─ DM @zoe + tandem", "*Welcome to #learning!*", "Rounds run every week", "[1] Set up my profile   [2] Not now",
		"┌─ form: Your tandem profile", "1. I can teach", "5. How I meet partners (one of any, onsite, remote): any",
		"2. Other skills I can teach: A skill name can have at most 40 characters", "nothing was saved",
		"┌─ form: Profile saved", "*Can teach:* go, rust, sql", "*Wants to learn:* kubernetes", "remote only, works in Lisbon",
		"zoe in #learning> /tandem profile", "*Programs:* #learning",
		"you are in #learning already")
	if strings.Count(out, "Welcome to #learning") != 1 {
		t.Errorf("the welcome came %d times:\n%s", strings.Count(out, "Welcome to #learning"), out)
	}
}

// TestShellWritesTheTrendsChartToAFile: `report trends` in the shell
// writes the chart the bot uploads next to the database and prints where.
func TestShellWritesTheTrendsChartToAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := runShell(t, filepath.Join(dir, "tandem.db"), "as @hr\nin #general\n/tandem match #learning\n/tandem report trends #learning\n")
	mustContain(t, out, "Trends: #learning, last 1 round", "written to "+dir)
	i := strings.Index(out, "written to ")
	path := strings.TrimSpace(strings.SplitN(out[i+len("written to "):], "\n", 2)[0])
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("%s is not a PNG: %v", path, err)
	}
	if strings.Contains(filepath.Base(path), "C0") {
		t.Errorf("the chart's file name %s holds a channel ID", path)
	}
}

// TestShellSpeaksGermanToAGermanSpeaker: fatima's Slack is in German, so
// her help, confirmations and errors come in German; commands stay English.
func TestShellSpeaksGermanToAGermanSpeaker(t *testing.T) {
	t.Parallel()
	out := runShell(t, filepath.Join(t.TempDir(), "tandem.db"), "users\nas @fatima\n/tandem help\n/tandem teach postgres, sql\n/tandem avoid\n/tandem frobnicate\nas @ana\n/tandem avoid\n")
	mustContain(t, out, "@fatima  Fatima Diallo (Slack in de-DE: tandem answers in it)",
		"*Dein Profil*", "`/tandem teach go, sql` / `/tandem learn kubernetes`: ersetzt deine Skills",
		"Du kannst beibringen: postgres, sql.",
		"Nenne eine Person: `avoid @someone`.",
		"`frobnicate` kenne ich nicht.",
		"Name one person: `avoid @someone`.")
}
