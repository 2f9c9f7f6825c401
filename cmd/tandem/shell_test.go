package main

import (
	"bytes"
	"context"
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
	if strings.Contains(out, "<@U") || strings.Contains(out, "pollbot") {
		t.Errorf("raw IDs or the bot in the shell output:\n%s", out)
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
