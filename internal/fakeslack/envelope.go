package fakeslack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrNoAck is returned when the client does not ack an envelope within the
// ack timeout. In Slack the user would then see an error, or the event would
// be redelivered.
var ErrNoAck = errors.New("fakeslack: no ack within the ack timeout")

// Envelope is one Socket Mode request from Slack to the app.
type Envelope struct {
	EnvelopeID             string // assigned by Send when ""
	Type                   string // slash_commands, interactive or events_api
	AcceptsResponsePayload bool
	RetryAttempt           int    // events_api only
	RetryReason            string // events_api only
	Payload                json.RawMessage
}

func (e Envelope) frame() map[string]any {
	m := map[string]any{"envelope_id": e.EnvelopeID, "type": e.Type,
		"accepts_response_payload": e.AcceptsResponsePayload, "payload": e.Payload}
	if e.Type == "events_api" {
		m["retry_attempt"], m["retry_reason"] = e.RetryAttempt, e.RetryReason
	}
	return m
}

// Ack is the client's acknowledgement of an envelope, with the fields of its
// payload that Slack acts on decoded for convenience.
type Ack struct {
	EnvelopeID     string
	Type           string          // the acked envelope's type
	Payload        json.RawMessage // nil for an empty ack
	Text           string
	Blocks         json.RawMessage
	ResponseType   string
	ResponseAction string            // view_submission: errors, update, push or clear
	Errors         map[string]string // view_submission errors, block_id -> message
	View           json.RawMessage   // view_submission update or push
	Latency        time.Duration     // from writing the envelope to reading the ack
	ConnID         int               // the connection the ack came on
	RetryAttempt   int               // of the delivery that was acked: 0 unless redelivered
}

type ackFrame struct {
	payload json.RawMessage
	at      time.Time
	conn    int
}

// Send delivers an envelope on a live connection (waiting up to the ack
// timeout for one) and returns the client's ack. With several connections,
// envelopes go round-robin to those not sent a disconnect. If the connection
// closes before the ack and another one is live, the envelope is delivered
// again there at once, with retry_attempt+1 and retry_reason
// RetryReasonConnectionLost (up to 3 retries); with no other connection it
// waits for the ack as before.
//
// Send fails with ErrNoAck if no ack comes within the ack timeout, like
// Slack's 3 s; for an event the timeout restarts with each delivery, since
// Slack retries events, while a user who typed a command or clicked sees the
// error 3 s after the first delivery whatever happens. It returns early when
// ctx ends or the Server closes. The ack is applied as Slack would: a slash
// command's reply is shown, a modal closes or shows errors.
func (s *Server) Send(ctx context.Context, env Envelope) (Ack, error) {
	if env.Type == "" || len(env.Payload) == 0 {
		return Ack{}, errors.New("fakeslack: send: envelope needs a type and a payload")
	}
	ch := make(chan ackFrame, 1)
	s.mu.Lock()
	if env.EnvelopeID == "" {
		n := s.nextLocked()
		env.EnvelopeID = fmt.Sprintf("%08x-%04x-4000-8000-%012x", uint32(n)*2654435761, n&0xffff, n)
	}
	id := env.EnvelopeID
	if _, busy := s.sock.pending[id]; busy {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("fakeslack: send %s: envelope already awaiting its ack", id)
	}
	s.sock.pending[id] = ch
	s.sock.sent[id] = env
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.sock.pending[id] == ch {
			delete(s.sock.pending, id)
		}
		s.mu.Unlock()
	}()
	fail := func(err error) (Ack, error) {
		return Ack{}, fmt.Errorf("fakeslack: send %s %s: %w", env.Type, id, err)
	}

	c, err := s.waitConn(ctx)
	if err != nil {
		return fail(err)
	}
	timer := time.NewTimer(s.cfg.ackTimeout)
	defer timer.Stop()
	for {
		start, err := s.deliver(c, env)
		if err != nil {
			// A connection that closed as the envelope was written never
			// got it: try another one, as a first delivery.
			var next *wsConn
			s.mu.Lock()
			if others := slices.DeleteFunc(s.usableLocked(nil), func(x *wsConn) bool { return x == c }); len(others) > 0 {
				next = s.pickConnLocked(others)
			}
			s.mu.Unlock()
			if next == nil || !c.isClosed() {
				return fail(err)
			}
			c = next
			continue
		}
		select {
		case f := <-ch:
			return s.acked(env, f, start), nil
		case <-timer.C:
			return fail(ErrNoAck)
		case <-ctx.Done():
			return fail(ctx.Err())
		case <-s.closing:
			return Ack{}, ErrClosed
		case <-c.gone:
		}
		// The connection closed before the ack. An ack read just before is
		// still in ch, and the Server may be closing.
		select {
		case f := <-ch:
			return s.acked(env, f, start), nil
		case <-s.closing:
			return Ack{}, ErrClosed
		default:
		}
		var next *wsConn
		s.mu.Lock()
		if env.RetryAttempt < maxRetryAttempt && len(c.peers) > 0 {
			next = s.pickConnLocked(c.peers)
		}
		if next != nil {
			env.RetryAttempt++
			env.RetryReason = RetryReasonConnectionLost
			s.sock.sent[id] = env
		}
		s.mu.Unlock()
		if next == nil {
			return s.awaitAck(ctx, env, ch, timer, start)
		}
		if env.Type == "events_api" {
			timer.Reset(s.cfg.ackTimeout)
		}
		c = next
	}
}

// awaitAck waits for the ack of an envelope whose connection closed with no
// other connection to deliver it on: it can only come from a client that
// reconnects and acks an envelope it saw before, so this usually ends in
// ErrNoAck, as with a single connection in Slack.
func (s *Server) awaitAck(ctx context.Context, env Envelope, ch chan ackFrame, timer *time.Timer, start time.Time) (Ack, error) {
	select {
	case f := <-ch:
		return s.acked(env, f, start), nil
	case <-timer.C:
		return Ack{}, fmt.Errorf("fakeslack: send %s %s: %w", env.Type, env.EnvelopeID, ErrNoAck)
	case <-ctx.Done():
		return Ack{}, fmt.Errorf("fakeslack: send %s %s: %w", env.Type, env.EnvelopeID, ctx.Err())
	case <-s.closing:
		return Ack{}, ErrClosed
	}
}

// deliver writes env to c and records the delivery.
func (s *Server) deliver(c *wsConn, env Envelope) (time.Time, error) {
	start := time.Now()
	if err := c.write(env.frame()); err != nil {
		return start, fmt.Errorf("connection %d: %w", c.id, err)
	}
	s.mu.Lock()
	s.rec.deliveries = append(s.rec.deliveries, Delivery{EnvelopeID: env.EnvelopeID, Type: env.Type,
		ConnID: c.id, RetryAttempt: env.RetryAttempt, RetryReason: env.RetryReason, At: start})
	s.notifyLocked()
	s.mu.Unlock()
	return start, nil
}

// acked records and applies an ack.
func (s *Server) acked(env Envelope, f ackFrame, start time.Time) Ack {
	ack := decodeAck(env, f.payload, f.at.Sub(start))
	ack.ConnID, ack.RetryAttempt = f.conn, env.RetryAttempt
	s.mu.Lock()
	s.rec.acks = append(s.rec.acks, ack)
	s.applyAckLocked(env, ack)
	s.notifyLocked()
	s.mu.Unlock()
	return ack
}

// Redeliver sends an envelope again with the same envelope ID and payload, as
// Slack does when it saw no ack; events get retry_attempt+1 and a
// retry_reason. Handlers must be idempotent for this.
func (s *Server) Redeliver(ctx context.Context, envelopeID string) (Ack, error) {
	s.mu.Lock()
	env, ok := s.sock.sent[envelopeID]
	s.mu.Unlock()
	if !ok {
		return Ack{}, fmt.Errorf("fakeslack: redeliver: unknown envelope %q", envelopeID)
	}
	if env.Type == "events_api" {
		env.RetryAttempt++
		env.RetryReason = "timeout"
	}
	return s.Send(ctx, env)
}

// handleAck matches a client frame {"envelope_id","payload"} to its delivery.
// Acks that come too late or twice are dropped, as Slack drops them.
func (s *Server) handleAck(c *wsConn, data []byte) {
	var a struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if json.Unmarshal(data, &a) != nil || a.EnvelopeID == "" {
		return
	}
	s.mu.Lock()
	ch := s.sock.pending[a.EnvelopeID]
	delete(s.sock.pending, a.EnvelopeID)
	s.mu.Unlock()
	if ch != nil {
		ch <- ackFrame{payload: a.Payload, at: time.Now(), conn: c.id}
	}
}

func decodeAck(env Envelope, payload json.RawMessage, latency time.Duration) Ack {
	ack := Ack{EnvelopeID: env.EnvelopeID, Type: env.Type, Latency: latency}
	if len(payload) == 0 || string(payload) == "null" {
		return ack
	}
	ack.Payload = payload
	var p struct {
		Text           string            `json:"text"`
		Blocks         json.RawMessage   `json:"blocks"`
		ResponseType   string            `json:"response_type"`
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
		View           json.RawMessage   `json:"view"`
	}
	_ = json.Unmarshal(payload, &p) // a non-object payload carries none of these
	ack.Text, ack.Blocks, ack.ResponseType = p.Text, normBlocks(p.Blocks), p.ResponseType
	ack.ResponseAction, ack.Errors, ack.View = p.ResponseAction, p.Errors, p.View
	return ack
}
