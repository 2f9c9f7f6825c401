package fakeslack

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack/socketmode"
)

// envelopeLog collects the envelope IDs one client received.
type envelopeLog struct {
	mu  sync.Mutex
	ids []string
}

func (l *envelopeLog) add(evt socketmode.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ids = append(l.ids, evt.Request.EnvelopeID)
}

func (l *envelopeLog) has(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Contains(l.ids, id)
}

// startReplicas starts two Socket Mode clients one after the other, so the
// first owns the older connection, and returns the connection IDs.
func startReplicas(t *testing.T, s *Server, a, b handler) (idA, idB int) {
	t.Helper()
	ctx := ctxT(t)
	startBot(t, s, a)
	if err := s.WaitConnections(ctx, 1); err != nil {
		t.Fatal(err)
	}
	idA = s.Connections()[0].ID
	startBot(t, s, b)
	if err := s.WaitConnections(ctx, 2); err != nil {
		t.Fatal(err)
	}
	conns := s.Connections()
	if len(conns) != 2 || conns[0].ID != idA {
		t.Fatalf("connections = %+v, want %d and one more", conns, idA)
	}
	return idA, conns[1].ID
}

func TestEnvelopesAreSpreadOverConnections(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	var logA, logB envelopeLog
	idA, idB := startReplicas(t, s,
		func(evt socketmode.Event) (any, bool) { logA.add(evt); return nil, true },
		func(evt socketmode.Event) (any, bool) { logB.add(evt); return nil, true })
	ctx := ctxT(t)
	for range 6 {
		ack, err := s.AppHomeOpened(ctx, ana)
		if err != nil {
			t.Fatal(err)
		}
		if ack.ConnID != idA && ack.ConnID != idB {
			t.Errorf("ack came on connection %d, want %d or %d", ack.ConnID, idA, idB)
		}
	}
	perConn := map[int]int{}
	for _, d := range s.Deliveries() {
		perConn[d.ConnID]++
		log := map[int]*envelopeLog{idA: &logA, idB: &logB}[d.ConnID]
		if log == nil || !log.has(d.EnvelopeID) {
			t.Errorf("delivery %+v: the client of connection %d did not get it", d, d.ConnID)
		}
		if d.RetryAttempt != 0 || d.Type != "events_api" {
			t.Errorf("delivery %+v, want a first events_api delivery", d)
		}
	}
	if perConn[idA] == 0 || perConn[idB] == 0 || perConn[idA]+perConn[idB] != 6 {
		t.Errorf("deliveries per connection = %v, want all 6 spread over %d and %d", perConn, idA, idB)
	}
}

func TestUnackedEnvelopeOfDroppedConnectionGoesToAnother(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	got := make(chan socketmode.Event, 1)
	var once sync.Once
	// The first client holds the first delivery it gets without acking it,
	// as a replica that dies mid-request would; it acks redeliveries, in
	// case one reaches its new connection.
	holder := func(evt socketmode.Event) (any, bool) {
		if evt.Request.RetryAttempt > 0 {
			return nil, true
		}
		once.Do(func() { got <- evt })
		return nil, false
	}
	startBot(t, s, holder)
	ctx := ctxT(t)
	if err := s.WaitConnections(ctx, 1); err != nil {
		t.Fatal(err)
	}
	idA := s.Connections()[0].ID
	type result struct {
		ack Ack
		err error
	}
	done := make(chan result, 1)
	go func() { ack, err := s.AppHomeOpened(ctx, ana); done <- result{ack, err} }()
	first := <-got

	var logB envelopeLog
	redelivered := make(chan socketmode.Event, 1)
	startBot(t, s, func(evt socketmode.Event) (any, bool) {
		logB.add(evt)
		select {
		case redelivered <- evt:
		default:
		}
		return nil, true
	})
	if err := s.WaitConnections(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if err := s.DropConn(idA); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil {
		t.Fatalf("delivery after the drop: %v", r.err)
	}
	d := s.Deliveries()
	if len(d) != 2 || d[0].ConnID != idA || d[1].ConnID == idA || d[1].EnvelopeID != first.Request.EnvelopeID ||
		d[1].RetryAttempt != 1 || d[1].RetryReason != RetryReasonConnectionLost {
		t.Fatalf("deliveries = %+v, want the envelope again on another connection, retry 1", d)
	}
	if r.ack.ConnID != d[1].ConnID || r.ack.RetryAttempt != 1 || r.ack.EnvelopeID != first.Request.EnvelopeID {
		t.Errorf("ack = %+v, want it from connection %d", r.ack, d[1].ConnID)
	}
	if logB.has(first.Request.EnvelopeID) {
		again := <-redelivered
		if again.Request.RetryAttempt != 1 || again.Request.RetryReason != RetryReasonConnectionLost {
			t.Errorf("client saw retry_attempt %d, retry_reason %q", again.Request.RetryAttempt, again.Request.RetryReason)
		}
	}
}

// TestSingleConnectionDropWaitsForTheAck keeps the one-connection behaviour:
// with no other connection live, the envelope is not delivered again.
func TestSingleConnectionDropWaitsForTheAck(t *testing.T) {
	t.Parallel()
	s := newFake(t, WithAckTimeout(300*time.Millisecond))
	got := make(chan struct{}, 1)
	startBot(t, s, func(socketmode.Event) (any, bool) { got <- struct{}{}; return nil, false })
	ctx := ctxT(t)
	if err := s.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := s.AppHomeOpened(ctx, ana); done <- err }()
	<-got
	if err := s.DropConnection(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrNoAck) {
		t.Errorf("err = %v, want ErrNoAck", err)
	}
	if d := s.Deliveries(); len(d) != 1 {
		t.Errorf("deliveries = %+v, want one", d)
	}
}

func TestDisconnectAndDropOneOrAllConnections(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	idA, idB := startReplicas(t, s, nil, nil)
	ctx := ctxT(t)

	// A disconnect message takes the connection out of the rotation at once.
	if err := s.DisconnectConn(idA, "refresh_requested"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if ack, err := s.AppHomeOpened(ctx, ana); err != nil || ack.ConnID == idA {
			t.Fatalf("after disconnecting %d: ack on %d, %v", idA, ack.ConnID, err)
		}
	}
	if err := s.WaitFor(ctx, func() bool { return s.ConnectionsOpened() == 3 && s.Connected() == 2 }); err != nil {
		t.Fatalf("client of %d did not reconnect: %+v: %v", idA, s.Connections(), err)
	}
	if err := s.DropConn(idB); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitFor(ctx, func() bool { return s.ConnectionsOpened() == 4 && s.Connected() == 2 }); err != nil {
		t.Fatalf("client of %d did not reconnect: %+v: %v", idB, s.Connections(), err)
	}
	if err := s.DropConn(idB); !errors.Is(err, ErrNotConnected) {
		t.Errorf("dropping a closed connection: %v, want ErrNotConnected", err)
	}

	if err := s.DisconnectAll("warning"); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitFor(ctx, func() bool { return s.ConnectionsOpened() == 6 && s.Connected() == 2 }); err != nil {
		t.Fatalf("after DisconnectAll: %+v: %v", s.Connections(), err)
	}
	if err := s.DropAll(); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitFor(ctx, func() bool { return s.ConnectionsOpened() == 8 && s.Connected() == 2 }); err != nil {
		t.Fatalf("after DropAll: %+v: %v", s.Connections(), err)
	}
	for _, c := range s.Connections() {
		if c.ID <= 6 || c.Draining {
			t.Errorf("connection %+v survived DropAll", c)
		}
	}
	if _, err := s.AppHomeOpened(ctx, ana); err != nil {
		t.Errorf("delivery after all reconnected: %v", err)
	}
}

// dialRaw opens a Socket Mode connection with a bare gorilla client and
// returns it with the first frame the server sent.
func dialRaw(t *testing.T, s *Server) (*websocket.Conn, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.APIURL()+"apps.connections.open", nil)
	req.Header.Set("Authorization", "Bearer "+s.AppToken())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var open struct{ URL string }
	_ = json.NewDecoder(resp.Body).Decode(&open)
	resp.Body.Close()
	ws, _, err := websocket.DefaultDialer.Dial(open.URL, http.Header{"Origin": {"https://api.slack.com"}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var first map[string]any
	if err := ws.ReadJSON(&first); err != nil {
		t.Fatalf("first frame: %v", err)
	}
	return ws, first
}

func TestEleventhConnectionIsRefused(t *testing.T) {
	t.Parallel()
	s := newFake(t, WithPingInterval(time.Hour))
	var conns []*websocket.Conn
	for i := range 10 {
		ws, first := dialRaw(t, s)
		if first["type"] != "hello" || first["num_connections"] != float64(i+1) {
			t.Fatalf("connection %d: first frame %v, want hello with num_connections %d", i+1, first, i+1)
		}
		conns = append(conns, ws)
	}
	_, first := dialRaw(t, s)
	if first["type"] != "disconnect" || first["reason"] != "too_many_websockets" {
		t.Errorf("11th connection: first frame %v, want disconnect too_many_websockets", first)
	}
	if s.Connected() != 10 || s.RefusedConnections() != 1 || s.ConnectionsOpened() != 10 {
		t.Errorf("live %d, refused %d, opened %d; want 10, 1, 10", s.Connected(), s.RefusedConnections(), s.ConnectionsOpened())
	}
	conns[0].Close()
	if err := s.WaitFor(ctxT(t), func() bool { return s.Connected() == 9 }); err != nil {
		t.Fatal(err)
	}
	if _, first := dialRaw(t, s); first["type"] != "hello" {
		t.Errorf("after one closed: first frame %v, want hello", first)
	}
}
