package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/store/storetest"
)

// TestMigrateToPostgresExportsTheSame: a SQLite database that went through
// rounds, notes, quizzes and topics is copied into PostgreSQL by `tandem
// migrate`; `tandem export` of both gives identical CSV files. A second
// migrate into the now non-empty target is refused and changes nothing.
func TestMigrateToPostgresExportsTheSame(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresURL(t)
	a, ab, _ := pairUp(t, options{programSettings: "    marketplace: \"0 10 * * MON\"\n"})
	mustContain(t, a.reply(ana, ab, "note we paired on the scheduler"), "Saved note")
	a.reply(ana, ab, "quiz add What does GC stand for? | Go Compiler | *Garbage Collector")
	a.reply(bob, ab, "quiz")
	mustContain(t, a.reply(chen, program, "topic how we review code"), "Topic added")
	a.reply(dana, program, "topic urgent the build is red")
	a.round(2 + 2) // a second round: 2 more intros
	if code := a.stop(); code != 0 {
		t.Fatalf("tandem exited %d", code)
	}

	var out, errs bytes.Buffer
	if code := runMain(context.Background(), []string{"migrate", "-config", a.config, "-to", url}, nil, &out, &errs); code != 0 {
		t.Fatalf("migrate exited %d:\n%s%s", code, out.String(), errs.String())
	}
	mustContain(t, out.String(), "verified", "group_members", "notes", "quiz_questions", "topics")

	pgConfig := filepath.Join(a.dir, "pg.yaml")
	cfg, err := os.ReadFile(a.config)
	if err != nil {
		t.Fatal(err)
	}
	pg := strings.Replace(string(cfg), "path: "+filepath.Join(a.dir, "tandem.db"), "url: "+url, 1)
	if err := os.WriteFile(pgConfig, []byte(pg), 0o600); err != nil {
		t.Fatal(err)
	}
	export := func(config string) string {
		dir := t.TempDir()
		var out, errs bytes.Buffer
		args := []string{"export", "-config", config, "-out", dir, "-with-note-text", "-with-answers-by-person"}
		if code := runMain(context.Background(), args, nil, &out, &errs); code != 0 {
			t.Fatalf("export %s exited %d:\n%s", config, code, errs.String())
		}
		return dir
	}
	lite, post := export(a.config), export(pgConfig)
	files, _ := filepath.Glob(filepath.Join(lite, "*.csv"))
	if len(files) < 10 {
		t.Fatalf("only %d CSV files", len(files))
	}
	for _, f := range files {
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join(post, filepath.Base(f)))
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if !bytes.Equal(want, got) {
			t.Errorf("%s differs:\nSQLite:\n%s\nPostgreSQL:\n%s", filepath.Base(f), want, got)
		}
		if strings.Count(string(want), "\n") < 2 && strings.Contains("rounds.csv groups.csv notes.csv quiz_questions.csv topics.csv group_members.csv", filepath.Base(f)) {
			t.Errorf("%s has no rows: the test should fill it", filepath.Base(f))
		}
	}

	out.Reset()
	errs.Reset()
	if code := runMain(context.Background(), []string{"migrate", "-config", a.config, "-to", url}, nil, &out, &errs); code != exitUsage {
		t.Errorf("second migrate exited %d, want %d", code, exitUsage)
	}
	mustContain(t, errs.String(), "the target is not empty")
}
