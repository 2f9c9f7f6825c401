package fakeslack

import (
	"context"
	"fmt"
	"time"
)

// Connection is one live Socket Mode connection. Slack allows an app up to
// 10 at once (one per replica, say) and sends each envelope to one of them.
type Connection struct {
	ID       int       // 1 for the first connection the Server accepted, then 2, …
	Opened   time.Time // when the WebSocket was upgraded
	Draining bool      // sent a disconnect message: gets no more envelopes
}

// Delivery is one write of an envelope to a connection. An envelope whose
// connection closes before its ack is delivered again on another live
// connection, so one envelope can have several deliveries.
type Delivery struct {
	EnvelopeID   string
	Type         string // slash_commands, interactive or events_api
	ConnID       int    // the Connection.ID it was written to
	RetryAttempt int    // 0 for the first delivery
	RetryReason  string // "" for the first delivery
	At           time.Time
}

// RetryReasonConnectionLost is the retry_reason of an envelope delivered
// again because its connection closed before the ack. Slack's Events API
// names a lost connection this way ("connection_failed"); events carry it on
// the wire, the other envelope types only in Deliveries.
const RetryReasonConnectionLost = "connection_failed"

// maxRetryAttempt is how often Slack retries an event ("retry three times").
const maxRetryAttempt = 3

// Connections returns the live Socket Mode connections, oldest first.
func (s *Server) Connections() []Connection {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Connection, 0, len(s.sock.conns))
	for _, c := range s.sock.conns {
		out = append(out, Connection{ID: c.id, Opened: c.opened, Draining: c.draining})
	}
	return out
}

// WaitConnections waits until at least n connections are live and not
// draining, e.g. until two replicas of the app are connected.
func (s *Server) WaitConnections(ctx context.Context, n int) error {
	err := s.WaitFor(ctx, func() bool {
		live := 0
		for _, c := range s.Connections() {
			if !c.Draining {
				live++
			}
		}
		return live >= n
	})
	if err != nil {
		return fmt.Errorf("fakeslack: wait for %d connections (have %d): %w", n, s.Connected(), err)
	}
	return nil
}

// RefusedConnections returns how many connections were refused because 10
// were live already: each got a disconnect message with reason
// too_many_websockets and was closed, as Slack does.
func (s *Server) RefusedConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sock.refused
}

// Deliveries returns every write of an envelope to a connection, in order;
// tests see from it which connection got which envelope.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.rec.deliveries...)
}

func (s *Server) connByID(id int) (*wsConn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.sock.conns {
		if c.id == id {
			return c, nil
		}
	}
	return nil, fmt.Errorf("fakeslack: connection %d: %w", id, ErrNotConnected)
}

// DisconnectConn sends a disconnect message with reason on one connection,
// like Disconnect does on the newest one. Envelopes then go to the others.
func (s *Server) DisconnectConn(id int, reason string) error {
	c, err := s.connByID(id)
	if err != nil {
		return err
	}
	return s.disconnect(c, reason)
}

// DropConn closes one connection's TCP socket abruptly, without a disconnect
// message or close frame, like a network failure or a killed replica.
// Envelopes it had not acked are delivered again on another live connection.
func (s *Server) DropConn(id int) error {
	c, err := s.connByID(id)
	if err != nil {
		return err
	}
	s.dropConn(c)
	return nil
}

// DisconnectAll sends a disconnect message with reason on every live
// connection, as Slack does when it recycles all of an app's sockets.
func (s *Server) DisconnectAll(reason string) error {
	conns := s.Connections()
	if len(conns) == 0 {
		return ErrNotConnected
	}
	for _, c := range conns {
		if err := s.DisconnectConn(c.ID, reason); err != nil {
			return err
		}
	}
	return nil
}

// DropAll closes every live connection abruptly.
func (s *Server) DropAll() error {
	conns := s.Connections()
	if len(conns) == 0 {
		return ErrNotConnected
	}
	for _, c := range conns {
		_ = s.DropConn(c.ID) // a connection that closed meanwhile is dropped already
	}
	return nil
}
