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

// ErrNotConnected is returned when no Socket Mode client is connected.
var ErrNotConnected = errors.New("fakeslack: no live Socket Mode connection")

// socketState tracks Socket Mode. It is guarded by Server.mu.
type socketState struct {
	conns   []*wsConn // live connections, oldest first
	opened  int       // connections opened so far
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
	ws   *websocket.Conn
	wmu  sync.Mutex
	done chan struct{}
	once sync.Once
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
	c := &wsConn{ws: ws, done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.close()
		return
	}
	s.sock.opened++
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
		s.handleAck(data)
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

func (s *Server) dropConn(c *wsConn) {
	c.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sock.conns = slices.DeleteFunc(s.sock.conns, func(x *wsConn) bool { return x == c })
	s.notifyLocked()
}

func (s *Server) newestConn() *wsConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.sock.conns); n > 0 {
		return s.sock.conns[n-1]
	}
	return nil
}

// waitConn returns the newest live connection, waiting up to the connect
// wait for a client that is (re)connecting.
func (s *Server) waitConn(ctx context.Context) (*wsConn, error) {
	wctx, cancel := context.WithTimeout(ctx, s.cfg.connectWait)
	defer cancel()
	var c *wsConn
	err := s.WaitFor(wctx, func() bool { c = s.newestConn(); return c != nil })
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
func (s *Server) Disconnect(reason string) error {
	c := s.newestConn()
	if c == nil {
		return ErrNotConnected
	}
	msg := map[string]any{"type": "disconnect", "reason": reason, "debug_info": map[string]any{"host": "fakeslack"}}
	if err := c.write(msg); err != nil {
		return fmt.Errorf("fakeslack: disconnect: %w", err)
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
