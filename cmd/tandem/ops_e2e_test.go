package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/scrape"
)

// The operator's endpoint of a running tandem, end to end: the real
// `tandem run` against the fake Slack, probed over HTTP as Kubernetes or
// Prometheus would.

// readyz fetches /readyz and returns its status and what it says is down.
func (a *testApp) readyz(base string) (int, map[string]string) {
	a.t.Helper()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Down map[string]string }
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &body); err != nil {
		a.t.Fatalf("/readyz body %q: %v", b, err)
	}
	return resp.StatusCode, body.Down
}

// waitReadyz polls /readyz every 50 ms until it answers status, and fails
// the test if that takes longer than within.
func (a *testApp) waitReadyz(base string, status int, within time.Duration) map[string]string {
	a.t.Helper()
	deadline := time.Now().Add(within)
	for {
		code, down := a.readyz(base)
		if code == status {
			return down
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("/readyz still %d (down: %v) after %v, want %d", code, down, within, status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (a *testApp) metrics(base string) scrape.Families {
	a.t.Helper()
	f, err := scrape.Get(base + "/metrics")
	if err != nil {
		a.t.Fatal(err)
	}
	return f
}

func TestReadyzFollowsTheDatabaseFile(t *testing.T) {
	a := startApp(t, options{})
	base := a.opsURL()
	a.waitReadyz(base, 200, 5*time.Second)
	if code, _ := a.readyz(base); code != 200 {
		t.Fatalf("/readyz = %d on a healthy start", code)
	}
	db := filepath.Join(a.dir, "tandem.db")
	if err := os.Rename(db, db+".away"); err != nil {
		t.Fatal(err)
	}
	down := a.waitReadyz(base, 503, 5*time.Second)
	if down["database"] == "" || len(down) != 1 {
		t.Errorf("down = %v, want the database alone", down)
	}
	if resp, err := http.Get(base + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("/healthz while not ready: %v %v, want 200", resp, err)
	}
	if err := os.Rename(db+".away", db); err != nil {
		t.Fatal(err)
	}
	a.waitReadyz(base, 200, 5*time.Second)
	mustContain(t, a.logs.String(), "not ready", "ready again")
}

func TestRateLimitedCallCountedForItsMethod(t *testing.T) {
	a := startApp(t, options{})
	base := a.opsURL()
	a.skills(anaAndBob)
	a.fake.RateLimit("conversations.open", 1, time.Second)
	a.round(1)
	f := a.metrics(base)
	const calls = "tandem_slack_api_calls_total"
	if got := f.Value(calls, "method", "conversations.open", "result", "rate_limited"); got != 1 {
		t.Errorf("rate-limited conversations.open = %v, want 1", got)
	}
	if got := f.Value(calls, "method", "conversations.open", "result", "ok"); got < 1 {
		t.Errorf("conversations.open ok = %v, want the retry that succeeded", got)
	}
	if got := f.Value(calls, "result", "rate_limited"); got != 1 {
		t.Errorf("%v rate-limited calls in all, want 1", got)
	}
	if got := f.Value(calls, "method", "auth.test", "result", "ok"); got != 1 {
		t.Errorf("auth.test ok = %v, want 1 (at start)", got)
	}
	if got := f.Value("tandem_leader"); got != 1 {
		t.Errorf("tandem_leader = %v, want 1", got)
	}
	if f.Value("tandem_db_write_duration_seconds") < 4 {
		t.Errorf("%v database writes observed, want at least the 4 skills and the round", f.Value("tandem_db_write_duration_seconds"))
	}
}

func TestEndpointOff(t *testing.T) {
	a := startApp(t, options{httpListen: "off"})
	a.reply(ana, program, "help")
	if strings.Contains(a.logs.String(), "serving /healthz") {
		t.Errorf("http.listen is empty, but tandem serves the endpoint:\n%s", a.logs)
	}
}
