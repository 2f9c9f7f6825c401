package ops_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/ops"
)

// start serves cfg on a free loopback port until the test ends, and checks
// that Serve returns once its context ends.
func start(t *testing.T, cfg ops.Config) string {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	s, err := ops.Listen(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after its context ended")
		}
	})
	return "http://" + s.Addr()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestReadyzNamesWhatIsDown(t *testing.T) {
	t.Parallel()
	var socketUp, dbUp atomic.Bool
	socketUp.Store(true)
	dbUp.Store(true)
	probe := func(up *atomic.Bool) func(context.Context) error {
		return func(context.Context) error {
			if up.Load() {
				return nil
			}
			return errors.New("/secret/path/tandem.db: no such file")
		}
	}
	base := start(t, ops.Config{Checks: []ops.Check{
		{Name: "socket", Down: "not connected to Slack", Probe: probe(&socketUp)},
		{Name: "database", Down: "not answering", Probe: probe(&dbUp)},
	}})
	if code, body := get(t, base+"/readyz"); code != 200 || !strings.Contains(body, `"ready"`) {
		t.Errorf("all up: %d %s", code, body)
	}
	socketUp.Store(false)
	code, body := get(t, base+"/readyz")
	var r struct {
		Status string
		Down   map[string]string
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	if code != 503 || len(r.Down) != 1 || r.Down["socket"] != "not connected to Slack" {
		t.Errorf("socket down: %d %s", code, body)
	}
	dbUp.Store(false)
	code, body = get(t, base+"/readyz")
	if code != 503 || !strings.Contains(body, `"database":"not answering"`) || !strings.Contains(body, `"socket"`) {
		t.Errorf("both down: %d %s", code, body)
	}
	if strings.Contains(body, "secret") {
		t.Errorf("the body shows the probe's error: %s", body)
	}
	if code, _ := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz = %d while not ready, want 200: the process runs", code)
	}
	socketUp.Store(true)
	dbUp.Store(true)
	if code, body := get(t, base+"/readyz"); code != 200 {
		t.Errorf("back up: %d %s", code, body)
	}
}

func TestMetricsServedWhenGiven(t *testing.T) {
	t.Parallel()
	base := start(t, ops.Config{Metrics: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "tandem_up 1\n")
	})})
	if code, body := get(t, base+"/metrics"); code != 200 || body != "tandem_up 1\n" {
		t.Errorf("/metrics = %d %q", code, body)
	}
	bare := start(t, ops.Config{})
	if code, _ := get(t, bare+"/metrics"); code != 404 {
		t.Errorf("/metrics without a handler = %d, want 404", code)
	}
}

func TestListenOnABusyPortFails(t *testing.T) {
	t.Parallel()
	s, err := ops.Listen(ops.Config{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	defer func() { cancel(); <-done }()
	if _, err := ops.Listen(ops.Config{Addr: s.Addr()}); err == nil || !strings.Contains(err.Error(), s.Addr()) {
		t.Errorf("second Listen on %s: %v, want an error naming the address", s.Addr(), err)
	}
}
