package tandem_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/tandem-dev/tandem"

// edge is where Slack may be imported: the packages that speak to it (and
// the fake that stands in for it in tests and the shell).
var edge = []string{"bot", "render", "outbound", "slackdir", "command", "cmd/tandem", "internal/fakeslack",
	"doctor", "ops", "metrics"}

// pure are the domain, the matching and the use cases: they know neither
// Slack nor SQL, not even through another package.
var pure = []string{"", "match", "round", "checkin", "market", "review", "insight", "chart", "scheduler"}

// TestLayers holds the rules of docs/architecture.md for the code as it is
// built (test files aside): Slack only at the edge, database drivers only in
// store, and the domain, matching and use cases free of both and of the
// store.
func TestLayers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "-json", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	type pkg struct {
		ImportPath string
		Imports    []string
		Deps       []string
		Module     *struct{ Path string }
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if p.Module == nil || p.Module.Path != module {
			continue
		}
		seen++
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		for _, imp := range p.Imports {
			if isSlack(imp) && !slices.Contains(edge, rel) {
				t.Errorf("%s imports %s: only the Slack edge may (%v)", p.ImportPath, imp, edge)
			}
			if isDriver(imp) && rel != "store" {
				t.Errorf("%s imports %s: database drivers belong to store/", p.ImportPath, imp)
			}
		}
		if slices.Contains(pure, rel) {
			for _, dep := range p.Deps {
				if isSlack(dep) || isDriver(dep) || dep == module+"/store" {
					t.Errorf("%s depends on %s: the domain, matching and use cases know neither Slack nor the database", p.ImportPath, dep)
				}
			}
		}
	}
	if seen < len(pure) {
		t.Fatalf("go list named only %d packages of the module", seen)
	}
}

func isSlack(path string) bool {
	return path == "github.com/slack-go/slack" || strings.HasPrefix(path, "github.com/slack-go/slack/")
}

func isDriver(path string) bool {
	for _, d := range []string{"modernc.org/sqlite", "github.com/jackc/pgx", "github.com/lib/pq", "github.com/mattn/go-sqlite3"} {
		if path == d || strings.HasPrefix(path, d+"/") {
			return true
		}
	}
	return false
}
