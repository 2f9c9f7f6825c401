package fakeslack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// maxConnections is how many Socket Mode connections Slack allows an app at
// once; one more gets a disconnect with reason too_many_websockets.
const maxConnections = 10

// ErrNotConnected is returned when no Socket Mode client is connected.
var ErrNotConnected = errors.New("fakeslack: no live Socket Mode connection")

// socketState tracks Socket Mode. It is guarded by Server.mu.
type socketState struct {
	conns   []*wsConn // live connections, oldest first
	opened  int       // connections opened so far; also the last connection's ID
	next    int       // round-robin position for the next delivery
	refused int       // connections refused as too many
	tickets map[string]bool
	pending map[string]chan ackFrame // envelope ID -> its waiting delivery
	sent    map[string]Envelope      // envelope ID -> last delivery, for Redeliver
}

func newSocketState() socketState {
	return socketState{tickets: map[string]bool{}, pending: map[string]chan ackFrame{}, sent: map[string]Envelope{}}
}

// wsConn is one client connection. Gorilla allows one concurrent writer, so
// text frames go through wmu; WriteControl (PING) is safe alongside it.
type wsConn struct {
	id       int // 1 for the first connection ever opened, then 2, …
	opened   time.Time
	draining bool // sent a disconnect: gets no more envelopes; guarded by Server.mu
	ws       *websocket.Conn
	wmu      sync.Mutex
	done     chan struct{} // closed when the socket is closed
	once     sync.Once
	gone     chan struct{} // closed once the Server has forgotten the connection
	peers    []*wsConn     // the other usable connections at that moment; guarded by Server.mu
}

func (c *wsConn) write(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

func (c *wsConn) isClosed() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// close drops the TCP connection without a close frame, as a network failure
// or Slack's own refresh would.
func (c *wsConn) close() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

// appsConnectionsOpenLocked hands out a single-use WebSocket URL, as Slack
// does; slack-go calls it at start and on every reconnect.
func (s *Server) appsConnectionsOpenLocked(*apiRequest) reply {
	ticket := strconv.Itoa(s.nextLocked())
	s.sock.tickets[ticket] = true
	return okReply(reply{"url": "ws://" + s.http.Listener.Addr().String() + "/link/?ticket=" + ticket + "&app_id=" + s.cfg.appID})
}

func (s *Server) serveLink(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket") // other parameters (debug_reconnects) are ignored, as by Slack
	s.mu.Lock()
	ok := s.sock.tickets[ticket] && !s.closed
	delete(s.sock.tickets, ticket)
	if ok {
		s.wg.Add(1) // httptest stops tracking the handler once the connection is hijacked
	}
	s.mu.Unlock()
	if !ok {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	defer s.wg.Done()
	// slack-go sends Origin: https://api.slack.com, which the default check refuses.
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client
	}
	c := &wsConn{ws: ws, done: make(chan struct{}), gone: make(chan struct{}), opened: time.Now()}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.close()
		return
	}
	if len(s.sock.conns) >= maxConnections {
		s.sock.refused++
		s.mu.Unlock()
		_ = c.write(map[string]any{"type": "disconnect", "reason": "too_many_websockets",
			"debug_info": map[string]any{"host": "fakeslack"}})
		c.close()
		return
	}
	s.sock.opened++
	c.id = s.sock.opened
	s.sock.conns = append(s.sock.conns, c)
	n := len(s.sock.conns)
	s.notifyLocked()
	s.mu.Unlock()
	defer s.dropConn(c)

	hello := map[string]any{"type": "hello", "num_connections": n,
		"debug_info":      map[string]any{"host": "fakeslack", "build_number": 1, "approximate_connection_time": 18060},
		"connection_info": map[string]any{"app_id": s.cfg.appID}}
	if c.write(hello) != nil {
		return
	}
	s.wg.Go(func() { s.pingLoop(c) })
	c.ws.SetReadLimit(1 << 20)
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.handleAck(c, data)
	}
}

// pingLoop sends a PING at once and then every interval: slack-go never pings
// and reconnects when the server has been silent for 30 s.
func (s *Server) pingLoop(c *wsConn) {
	t := time.NewTicker(s.cfg.pingInterval)
	defer t.Stop()
	for {
		if c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second)) != nil {
			c.close()
			return
		}
		select {
		case <-t.C:
		case <-c.done:
			return
		}
	}
}

// dropConn closes c and forgets it. It notes which other connections were
// usable at that moment: an envelope c had not acked is delivered again on
// one of those, never on the connection the same client opens next.
func (s *Server) dropConn(c *wsConn) {
	s.mu.Lock()
	if i := slices.Index(s.sock.conns, c); i >= 0 {
		s.sock.conns = slices.Delete(s.sock.conns, i, i+1)
		c.peers = s.usableLocked(nil)
		close(c.gone)
		s.notifyLocked()
	}
	s.mu.Unlock()
	c.close()
}

func (s *Server) newestConn() *wsConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.sock.conns); n > 0 {
		return s.sock.conns[n-1]
	}
	return nil
}

// usableLocked returns the live connections that may get envelopes: those
// not sent a disconnect, and, when among is not nil, only those in it.
func (s *Server) usableLocked(among []*wsConn) []*wsConn {
	var ok []*wsConn
	for _, c := range s.sock.conns {
		if !c.draining && (among == nil || slices.Contains(among, c)) {
			ok = append(ok, c)
		}
	}
	return ok
}

// pickConnLocked returns the connection that gets the next envelope, or nil
// when none is usable. Like Slack, it spreads envelopes over the app's
// connections, here round-robin. among restricts the choice as for
// usableLocked.
func (s *Server) pickConnLocked(among []*wsConn) *wsConn {
	ok := s.usableLocked(among)
	if len(ok) == 0 {
		return nil
	}
	c := ok[s.sock.next%len(ok)]
	s.sock.next++
	return c
}

// waitConn returns the live connection that gets the next envelope, waiting
// up to the connect wait for a client that is (re)connecting.
func (s *Server) waitConn(ctx context.Context) (*wsConn, error) {
	wctx, cancel := context.WithTimeout(ctx, s.cfg.connectWait)
	defer cancel()
	var c *wsConn
	err := s.WaitFor(wctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		c = s.pickConnLocked(nil)
		return c != nil
	})
	switch {
	case err == nil:
		return c, nil
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, ErrClosed):
		return nil, ErrClosed
	}
	return nil, ErrNotConnected
}

// Connected returns the number of live Socket Mode connections.
func (s *Server) Connected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sock.conns)
}

// ConnectionsOpened returns how many Socket Mode connections were opened so
// far; after one reconnect it is 2.
func (s *Server) ConnectionsOpened() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sock.opened
}

// WaitConnected waits until at least one client is connected.
func (s *Server) WaitConnected(ctx context.Context) error {
	return s.WaitFor(ctx, func() bool { return s.Connected() > 0 })
}

// Disconnect sends {"type":"disconnect","reason":reason} on the newest
// connection, as Slack does before a refresh ("refresh_requested", "warning",
// "link_disabled"); slack-go then reconnects through apps.connections.open.
//
// From then on the connection gets no more envelopes, as Slack stops using a
// connection it asked the app to replace.
func (s *Server) Disconnect(reason string) error {
	c := s.newestConn()
	if c == nil {
		return ErrNotConnected
	}
	return s.disconnect(c, reason)
}

func (s *Server) disconnect(c *wsConn, reason string) error {
	s.mu.Lock()
	c.draining = true
	s.notifyLocked()
	s.mu.Unlock()
	msg := map[string]any{"type": "disconnect", "reason": reason, "debug_info": map[string]any{"host": "fakeslack"}}
	if err := c.write(msg); err != nil {
		return fmt.Errorf("fakeslack: disconnect connection %d: %w", c.id, err)
	}
	return nil
}

// DropConnection closes the newest connection's TCP socket abruptly, without
// a close frame, like a network failure.
func (s *Server) DropConnection() error {
	c := s.newestConn()
	if c == nil {
		return ErrNotConnected
	}
	s.dropConn(c)
	return nil
}
