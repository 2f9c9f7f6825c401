package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/logbuf"
)

// buildBinary compiles cmd/tandem once per test binary run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tandem")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestSIGTERMExitsCleanly runs the real binary, connected to the fake
// Slack, and stops it with SIGTERM as a service manager would.
func TestSIGTERMExitsCleanly(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	a := startApp(t, options{})
	a.stop() // free the database for the real process
	bin := buildBinary(t)
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "run", "-config", a.config)
	cmd.Stderr = &stderr
	before := a.fake.ConnectionsOpened()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	a.waitFor("the process to connect", func() bool { return a.fake.ConnectionsOpened() > before && a.fake.Connected() > 0 })
	mustContain(t, a.reply(ana, program, "teach go"), "You can teach: go.")

	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("still running 5 s after SIGTERM\n%s", stderr.String())
	}
	t.Logf("stopped %s after SIGTERM", time.Since(start))
	mustContain(t, stderr.String(), "tandem stopped")
}

func TestSecondInstanceRefused(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	var stderr logbuf.Buffer
	code := runMain(context.Background(), []string{"run", "-config", a.config}, nil, &stderr, &stderr)
	if code != exitUsage {
		t.Fatalf("second instance exited %d, want %d:\n%s", code, exitUsage, stderr.String())
	}
	mustContain(t, stderr.String(), "in use by another tandem process")
	// The first one still serves.
	mustContain(t, a.reply(ana, program, "teach go"), "You can teach: go.")
}

func TestBadTokenOneLineExit2(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	a.stop()
	cfg, err := os.ReadFile(a.config)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, bytes.Replace(cfg, []byte(a.fake.BotToken()), []byte("xoxb-wrong"), 1), 0o600)
	var stdout, stderr bytes.Buffer
	code := runMain(context.Background(), []string{"run", "-config", bad}, nil, &stdout, &stderr)
	if code != exitUsage {
		t.Fatalf("exit %d, want %d", code, exitUsage)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	last := lines[len(lines)-1]
	mustContain(t, last, "tandem: slack.bot_token:", "invalid_auth")
	if strings.Contains(stderr.String(), "goroutine ") {
		t.Errorf("stack trace printed:\n%s", stderr.String())
	}
}

func TestBadConfigOneLineExit2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	os.WriteFile(path, []byte("programs:\n  - channel: C0LEARN001\n    match: \"TZ=0\"\n"), 0o600)
	for _, sub := range []string{"run", "shell", "export"} {
		var stdout, stderr bytes.Buffer
		args := []string{sub, "-config", path}
		if sub == "export" {
			args = append(args, "-out", t.TempDir())
		}
		code := runMain(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
		if code != exitUsage {
			t.Errorf("%s: exit %d, want 2", sub, code)
		}
		msg := strings.TrimSpace(stderr.String())
		if strings.Count(msg, "\n") > 0 || !strings.Contains(msg, "programs[0].match") {
			t.Errorf("%s: want one line naming programs[0].match, got:\n%s", sub, msg)
		}
	}
	var stderr bytes.Buffer
	os.WriteFile(path, []byte("slack:\n  command: /tandem\n"), 0o600)
	t.Setenv("SLACK_APP_TOKEN", "")
	t.Setenv("SLACK_BOT_TOKEN", "")
	if code := runMain(context.Background(), []string{"run", "-config", path}, nil, &stderr, &stderr); code != exitUsage {
		t.Errorf("run without tokens: exit %d", code)
	}
	mustContain(t, stderr.String(), "slack.app_token")
}
