// Package ops serves the operator's HTTP endpoint: /healthz (the process
// runs), /readyz (it can do its job: every readiness check passes) and
// /metrics. It knows nothing of Slack or SQLite: the checks and the metrics
// handler are handed in.
package ops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Check is one condition of readiness.
type Check struct {
	// Name says what is down in /readyz's body, e.g. "socket" or "database".
	Name string
	// Down is the short text shown when the check fails; the error itself
	// goes only to the log, since it may name paths or hosts.
	Down string
	// Probe returns nil when the condition holds. It must return soon
	// after ctx ends.
	Probe func(ctx context.Context) error
}

// Config is what a Server serves.
type Config struct {
	Addr    string       // host:port to listen on
	Checks  []Check      // all must pass for /readyz to answer 200
	Metrics http.Handler // served at /metrics; nil for 404
	Log     *slog.Logger
}

// probeTimeout bounds each readiness probe.
const probeTimeout = 2 * time.Second

// shutdownTimeout is how long Serve waits for requests in flight once its
// context ends.
const shutdownTimeout = 2 * time.Second

// Server is a listening operator endpoint.
type Server struct {
	ln     net.Listener
	srv    *http.Server
	checks []Check
	log    *slog.Logger

	mu   sync.Mutex
	down map[string]bool // last known state, so changes are logged once
}

// Listen binds cfg.Addr, so that a port in use is an error at start, and
// returns a Server ready to Serve.
func Listen(cfg Config) (*Server, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("ops: listen on %s: %w", cfg.Addr, err)
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{ln: ln, checks: cfg.Checks, log: log, down: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if cfg.Metrics != nil {
		mux.Handle("GET /metrics", cfg.Metrics)
	}
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	return s, nil
}

// Addr returns the address the Server listens on, with the port the
// system chose for ":0".
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve answers requests until ctx ends, then lets requests in flight
// finish (briefly) and returns. It returns an error only if serving
// failed for another reason.
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	s.log.Info("serving /healthz, /readyz and /metrics", "addr", s.Addr())
	select {
	case err := <-errc:
		return fmt.Errorf("ops: serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := s.srv.Shutdown(sctx); err != nil {
		s.srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("ops: serve: %w", err)
	}
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readiness is /readyz's body.
type readiness struct {
	Status string            `json:"status"`         // "ready" or "not ready"
	Down   map[string]string `json:"down,omitempty"` // check name -> what is down
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	body := readiness{Status: "ready"}
	for _, c := range s.checks {
		ctx, cancel := context.WithTimeout(r.Context(), probeTimeout)
		err := c.Probe(ctx)
		cancel()
		s.note(c, err)
		if err != nil {
			if body.Down == nil {
				body.Down = map[string]string{}
			}
			body.Down[c.Name] = c.Down
		}
	}
	if body.Down != nil {
		body.Status = "not ready"
		writeJSON(w, http.StatusServiceUnavailable, body)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// note logs a check's change of state: once when it fails, once when it
// passes again, not on every probe.
func (s *Server) note(c Check, err error) {
	s.mu.Lock()
	was := s.down[c.Name]
	s.down[c.Name] = err != nil
	s.mu.Unlock()
	switch {
	case err != nil && !was:
		s.log.Warn("not ready", "check", c.Name, "err", err)
	case err == nil && was:
		s.log.Info("ready again", "check", c.Name)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client went away: nothing to do
}
