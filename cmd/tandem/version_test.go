package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFromBuildInfo(t *testing.T) {
	t.Parallel()
	bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/tandem-dev/tandem", Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "3ede15c0123456789abcdef"},
		{Key: "vcs.time", Value: "2026-11-23T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	got := versionText(bi)
	for _, want := range []string{"tandem v1.4.0\n", "revision  3ede15c0123456789abcdef (modified)\n", "built     2026-11-23T10:00:00Z (commit time)\n", "go        " + runtime.Version()} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if got := versionText(nil); !strings.Contains(got, "revision  unknown") || !strings.Contains(got, "tandem dev") {
		t.Errorf("without build info:\n%s", got)
	}
}

// TestVersionOfABuiltBinary builds tandem as a release would (-buildvcs)
// and checks that `tandem version` reports the revision and time that the
// Go toolchain stamped into the binary, as `go version -m` shows them.
// (A git worktree gets no stamp; then both must say so.)
func TestVersionOfABuiltBinary(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "tandem")
	build := exec.Command("go", "build", "-buildvcs=auto", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	meta, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	stamped := map[string]string{}
	for _, line := range strings.Split(string(meta), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "build" {
			if k, v, ok := strings.Cut(f[1], "="); ok {
				stamped[k] = v
			}
		}
	}
	var stdout bytes.Buffer
	cmd := exec.CommandContext(context.Background(), bin, "version")
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	got := stdout.String()
	wantRev, wantTime := cmpOr(stamped["vcs.revision"], "unknown"), cmpOr(stamped["vcs.time"], "unknown")
	if !strings.Contains(got, "revision  "+wantRev) || !strings.Contains(got, "built     "+wantTime) || !strings.Contains(got, runtime.Version()) {
		t.Errorf("tandem version says:\n%s\nwant revision %s, built %s and %s", got, wantRev, wantTime, runtime.Version())
	}
	t.Logf("stamped revision %q", stamped["vcs.revision"])
}
