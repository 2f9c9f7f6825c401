package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/store"
)

// TestUnusableDatabaseOneLineExit2: run, shell and export on a database
// that cannot be used stop with exit status 2 and one line naming the file
// and what is wrong with it, and leave the file as it was.
func TestUnusableDatabaseOneLineExit2(t *testing.T) {
	t.Setenv("SLACK_APP_TOKEN", "xapp-1-test")
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-test")
	dir := t.TempDir()
	notSQLite := filepath.Join(dir, "notes.txt")
	os.WriteFile(notSQLite, []byte("these are not the pages you are looking for\n"), 0o644)
	corrupt := corruptDatabase(t, dir)
	cases := []struct {
		name, path, want string
	}{
		{"missing folder", filepath.Join(dir, "no", "such", "tandem.db"), "folder " + filepath.Join(dir, "no", "such") + " does not exist"},
		{"not SQLite", notSQLite, "not a SQLite database"},
		{"corrupt", corrupt, "the file is corrupt"},
		{"a folder", t.TempDir(), "is a folder"},
	}
	for _, c := range cases {
		before, _ := os.ReadFile(c.path)
		for _, sub := range []string{"run", "shell", "export"} {
			t.Run(c.name+"/"+sub, func(t *testing.T) {
				cfg := filepath.Join(t.TempDir(), "tandem.yaml")
				if err := os.WriteFile(cfg, []byte("database:\n  path: "+c.path+"\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				args := []string{sub, "-config", cfg}
				if sub == "export" {
					args = append(args, "-out", t.TempDir())
				}
				var stdout, stderr bytes.Buffer
				code := runMain(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
				if code != exitUsage {
					t.Errorf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr.String())
				}
				msg := strings.TrimSpace(stderr.String())
				if strings.Contains(msg, "\n") {
					t.Errorf("not one line:\n%s", msg)
				}
				if !strings.Contains(msg, c.path) || !strings.Contains(msg, c.want) {
					t.Errorf("got %q; want the path %s and %q", msg, c.path, c.want)
				}
				if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
					t.Errorf("%s changed", c.path)
				}
			})
		}
	}
}

// corruptDatabase writes a tandem database with data on several pages,
// then overwrites a page in its middle with garbage.
func corruptDatabase(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "corrupt.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 3*4096 {
		t.Fatalf("database of %d bytes: too small to corrupt a middle page", len(b))
	}
	copy(b[2*4096:3*4096], bytes.Repeat([]byte{0xA5}, 4096))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
