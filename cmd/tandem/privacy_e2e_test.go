package main

import (
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/internal/logbuf"
)

// scanDB returns, for every table, the rows in which any column holds one
// of the needles.
func scanDB(t *testing.T, path string, needles ...string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	if len(tables) < 8 {
		t.Fatalf("only %d tables found: %v", len(tables), tables)
	}
	var hits []string
	for _, table := range tables {
		r, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for r.Next() {
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				for _, n := range needles {
					if strings.Contains(v.String, n) {
						hits = append(hits, fmt.Sprintf("%s.%s = %q", table, cols[i], v.String))
					}
				}
			}
		}
		r.Close()
	}
	return hits
}

func TestForgetMeLeavesNoTrace(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	a.skills(anaAndBob)
	a.reply(ana, program, "avoid <@U0CHEN0001|chen>")
	a.reply(chen, program, "avoid <@U0ANA00001|ana>") // someone else's list naming ana
	a.round(1)
	extra := forgetMeFixtures(t, a) // notes, topics, quiz answers... as features provide them

	got := a.reply(ana, program, "forget me")
	mustContain(t, got, "Deleted", "1 profile", "2 avoid entries", "2 skills", "anonymous member")
	for _, want := range extra {
		mustContain(t, got, want)
	}
	if hits := scanDB(t, filepath.Join(a.dir, "tandem.db"), ana, fixtureNote, fixtureQuestion, fixtureTopic); len(hits) > 0 {
		t.Errorf("rows still hold ana's ID after forget me:\n%s", strings.Join(hits, "\n"))
	}
	// Bob's history keeps a partner; the next round leaves ana out.
	mustContain(t, a.reply(bob, program, "partners"), "_a former member_ can teach <@U0BOB00001>")
	got = a.reply(admin, general, "match <#C0LEARN001|learning>")
	if strings.Contains(got, ana) {
		t.Errorf("ana matched after forget me:\n%s", got)
	}
	mustContain(t, a.reply(ana, program, "profile"), "left out of rounds, as you asked tandem to forget you")
	// Setting up a profile again brings her back.
	a.reply(ana, program, "teach go")
	mustContain(t, a.reply(admin, general, "match <#C0LEARN001|learning>"), ana)
}

// TestExportCSV: `tandem export` writes CSV files that encoding/csv reads
// back, with a header row and the expected rows, while tandem is serving.
func TestExportCSV(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	a.skills(anaAndBob)
	a.round(1)

	out := filepath.Join(t.TempDir(), "export")
	var stdout, stderr logbuf.Buffer
	if code := runMain(t.Context(), []string{"export", "-config", a.config, "-out", out}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr.String())
	}
	mustContain(t, stdout.String(), "programs.csv", "note text is not included")
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return recs
	}
	programs := read("programs.csv")
	if len(programs) != 2 || programs[0][0] != "channel_id" || programs[1][0] != program {
		t.Errorf("programs.csv: %v", programs)
	}
	rounds := read("rounds.csv")
	if len(rounds) != 2 || rounds[1][1] != program {
		t.Errorf("rounds.csv: %v", rounds)
	}
	members := read("group_members.csv")
	var users []string
	for _, r := range members[1:] {
		users = append(users, r[1])
	}
	slices.Sort(users)
	if !slices.Equal(users, []string{ana, bob, chen}) {
		t.Errorf("group_members.csv users %v", users)
	}
	for _, name := range exportFixtureFiles() {
		if recs := read(name); len(recs) < 1 {
			t.Errorf("%s has no header", name)
		}
	}
}
