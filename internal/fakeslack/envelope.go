package fakeslack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
}

type ackFrame struct {
	payload json.RawMessage
	at      time.Time
}

// Send delivers an envelope on the newest live connection (waiting up to the
// ack timeout for one) and returns the client's ack. It fails with ErrNoAck
// if no ack comes within the ack timeout, like Slack's 3 s, and returns early
// when ctx ends or the Server closes. The ack is applied as Slack would: a
// slash command's reply is shown, a modal closes or shows errors.
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

	c, err := s.waitConn(ctx)
	if err != nil {
		return Ack{}, fmt.Errorf("fakeslack: send %s %s: %w", env.Type, id, err)
	}
	start := time.Now()
	if err := c.write(env.frame()); err != nil {
		return Ack{}, fmt.Errorf("fakeslack: send %s %s: %w", env.Type, id, err)
	}
	timer := time.NewTimer(s.cfg.ackTimeout)
	defer timer.Stop()
	select {
	case f := <-ch:
		ack := decodeAck(env, f.payload, f.at.Sub(start))
		s.mu.Lock()
		s.rec.acks = append(s.rec.acks, ack)
		s.applyAckLocked(env, ack)
		s.notifyLocked()
		s.mu.Unlock()
		return ack, nil
	case <-timer.C:
		return Ack{}, fmt.Errorf("fakeslack: send %s %s: %w", env.Type, id, ErrNoAck)
	case <-ctx.Done():
		return Ack{}, fmt.Errorf("fakeslack: send %s %s: %w", env.Type, id, ctx.Err())
	case <-s.closing:
		return Ack{}, ErrClosed
	}
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
func (s *Server) handleAck(data []byte) {
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
		ch <- ackFrame{payload: a.Payload, at: time.Now()}
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
