package fakeslack

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Defaults for the workspace, in the shape of Slack's own IDs and tokens.
const (
	DefaultTeamID     = "T0TEAM0001"
	DefaultTeamDomain = "tandem-test"
	DefaultAppID      = "A0TANDEM01"
	DefaultBotUserID  = "U0BOT00001"
	DefaultBotID      = "B0BOT00001"
	DefaultBotName    = "tandem"
	DefaultBotToken   = "xoxb-fake-bot-token"
	DefaultAppToken   = "xapp-fake-app-token"
)

// ErrClosed is returned by deliveries and waits once the Server is closed.
var ErrClosed = errors.New("fakeslack: server closed")

type config struct {
	teamID, teamDomain, appID   string
	botUserID, botID, botName   string
	botToken, appToken          string
	pingInterval                time.Duration
	ackTimeout, triggerTTL      time.Duration
	responseURLUses             int
	responseURLTTL, connectWait time.Duration
	scopes                      []string // the bot token's; guarded by Server.mu once started
}

// Option configures a Server.
type Option func(*config)

// WithPingInterval sets how often the Server sends WebSocket PING frames. It
// must stay below slack-go's 30 s watchdog, or the client reconnects.
func WithPingInterval(d time.Duration) Option {
	return func(c *config) { c.pingInterval = d }
}

// WithAckTimeout sets how long a delivery waits for the client's ack (Slack:
// 3 s), and also how long it waits for a live connection first.
func WithAckTimeout(d time.Duration) Option {
	return func(c *config) { c.ackTimeout, c.connectWait = d, d }
}

// WithTriggerTTL sets how long a trigger_id stays usable (Slack: 3 s); tests
// shorten it to exercise expired_trigger_id without sleeping for long.
func WithTriggerTTL(d time.Duration) Option {
	return func(c *config) { c.triggerTTL = d }
}

// Server is a running fake Slack workspace. Create it with New or Start.
type Server struct {
	cfg     config
	http    *httptest.Server
	closing chan struct{}
	once    sync.Once
	wg      sync.WaitGroup // WebSocket goroutines, which httptest does not track

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change
	closed  bool
	seq     int
	ws      workspace
	sock    socketState
	rec     recorder
	ui      uiState
	fs      fileState
	faults  map[string][]*fault
	latency map[string]time.Duration
}

// New starts a Server on 127.0.0.1 for the duration of a test and closes it in
// t.Cleanup. It fails the test if the Server cannot start.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatalf("fakeslack: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a Server on 127.0.0.1 outside of tests (benchmarks, dev tools).
// The caller must call Close.
func Start(opts ...Option) (*Server, error) {
	cfg := config{
		teamID: DefaultTeamID, teamDomain: DefaultTeamDomain, appID: DefaultAppID,
		botUserID: DefaultBotUserID, botID: DefaultBotID, botName: DefaultBotName,
		botToken: DefaultBotToken, appToken: DefaultAppToken,
		pingInterval: 5 * time.Second, ackTimeout: 3 * time.Second, connectWait: 3 * time.Second,
		triggerTTL: 3 * time.Second, responseURLUses: 5, responseURLTTL: 30 * time.Minute,
		scopes: DefaultScopes(),
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.pingInterval <= 0 || cfg.ackTimeout <= 0 || cfg.triggerTTL <= 0 {
		return nil, fmt.Errorf("fakeslack: start: intervals and timeouts must be positive")
	}
	s := &Server{
		cfg:     cfg,
		closing: make(chan struct{}),
		changed: make(chan struct{}),
		ws:      newWorkspace(),
		sock:    newSocketState(),
		ui:      newUIState(),
		faults:  map[string][]*fault{},
		latency: map[string]time.Duration{},
	}
	s.ws.addUser(User{ID: cfg.botUserID, Name: cfg.botName, RealName: cfg.botName, IsBot: true})
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/link/", s.serveLink)
	mux.HandleFunc("/response/", s.serveResponseURL)
	mux.HandleFunc("/upload/v1/", s.serveUpload)
	s.http = httptest.NewServer(mux)
	return s, nil
}

// Close drops every WebSocket connection, stops the HTTP server and waits for
// all of the Server's goroutines. Pending deliveries return ErrClosed. Close
// is idempotent.
func (s *Server) Close() {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		conns := append([]*wsConn(nil), s.sock.conns...)
		s.mu.Unlock()
		close(s.closing)
		for _, c := range conns {
			c.close()
		}
		s.http.Close()
		s.wg.Wait()
	})
}

// URL returns the Server's base URL, e.g. http://127.0.0.1:PORT.
func (s *Server) URL() string { return s.http.URL }

// APIURL returns the Web API base URL with its trailing slash, as
// slack.OptionAPIURL needs it: http://127.0.0.1:PORT/api/.
func (s *Server) APIURL() string { return s.http.URL + "/api/" }

// BotToken returns the bot token the Server accepts.
func (s *Server) BotToken() string { return s.cfg.botToken }

// AppToken returns the app-level token the Server accepts.
func (s *Server) AppToken() string { return s.cfg.appToken }

// BotUserID returns the bot's user ID, as auth.test reports it.
func (s *Server) BotUserID() string { return s.cfg.botUserID }

// TeamID returns the workspace's team ID.
func (s *Server) TeamID() string { return s.cfg.teamID }

// nextLocked returns a fresh sequence number; IDs and timestamps derive from
// it so they are unique and ordered.
func (s *Server) nextLocked() int {
	s.seq++
	return s.seq
}

// idLocked returns a new Slack-style ID such as C00000012.
func (s *Server) idLocked(prefix string) string {
	return fmt.Sprintf("%s%08d", prefix, s.nextLocked())
}

// tsLocked returns a new message timestamp. The sequence makes it unique and
// increasing even within one second.
func (s *Server) tsLocked() string {
	return fmt.Sprintf("%d.%06d", time.Now().Unix(), s.nextLocked()%1000000)
}

// notifyLocked wakes every waiter; WaitFor re-evaluates its condition.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}
