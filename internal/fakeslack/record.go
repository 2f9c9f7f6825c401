package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"
)

// Call is one request the Server received on the Web API or a response_url.
type Call struct {
	Method string         // e.g. "chat.postMessage"; "response_url" for response URLs
	Form   url.Values     // form fields (token included), nil for JSON bodies
	JSON   map[string]any // decoded JSON body, nil for forms
	At     time.Time      // when the request arrived
	Status int            // HTTP status of the reply
	Error  string         // the Slack error code of the reply, "" when ok
}

// Message is a message as users see it in a conversation. User is the author
// of a normal message (the bot, for everything the bot posts) and the only
// viewer of an ephemeral one.
type Message struct {
	Channel   string
	TS        string
	ThreadTS  string
	User      string
	Text      string
	Blocks    json.RawMessage // nil when the message has no blocks
	Ephemeral bool
	Updated   bool     // replaced by chat.update or a response_url replace_original
	Files     []string // IDs of the files it shares (see FileByID)
	Via       string   // what created it: chat.postMessage, chat.postEphemeral, ack, response_url, files.completeUploadExternal
	deleted   bool
}

// ResponseURLPost is one POST the bot made to a response_url.
type ResponseURLPost struct {
	URL             string
	Body            json.RawMessage
	Text            string
	Blocks          json.RawMessage
	ResponseType    string
	ReplaceOriginal bool
	DeleteOriginal  bool
	Error           string // why the fake refused it, "" when accepted
	At              time.Time
}

// Violation is something the bot sent that Slack would refuse or show as an
// error: invalid Block Kit, an over-long text, an empty message. Web API calls
// are also answered ok:false; an ack or response_url post fails silently in
// Slack, so tests should assert that Violations is empty.
type Violation struct {
	Source string // the method, "response_url" or "ack <envelope type>"
	Code   string // the Slack error, e.g. invalid_blocks
	Detail string // which limit, and where
	At     time.Time
}

// recorder is the Server's history. It is guarded by Server.mu.
type recorder struct {
	calls      []Call
	messages   []*Message
	byTS       map[string]*Message // channel + "/" + ts
	responses  []ResponseURLPost
	violations []Violation
	acks       []Ack
	deliveries []Delivery
	scheduled  []ScheduledMessage
}

func (s *Server) recordCallLocked(c Call) {
	s.rec.calls = append(s.rec.calls, c)
	s.notifyLocked()
}

func (s *Server) violationLocked(source string, err error) {
	v := Violation{Source: source, Code: err.Error(), At: time.Now()}
	if be, ok := err.(*BlockError); ok {
		v.Code, v.Detail = be.Code, be.Detail
	}
	s.rec.violations = append(s.rec.violations, v)
	s.notifyLocked()
}

func (s *Server) addMessageLocked(m *Message) {
	if s.rec.byTS == nil {
		s.rec.byTS = map[string]*Message{}
	}
	s.rec.messages = append(s.rec.messages, m)
	s.rec.byTS[m.Channel+"/"+m.TS] = m
	s.notifyLocked()
}

func (s *Server) messageLocked(channel, ts string) (*Message, bool) {
	m, ok := s.rec.byTS[channel+"/"+ts]
	if !ok || m.deleted {
		return nil, false
	}
	return m, true
}

// Calls returns every call received so far, in the order they were answered.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.rec.calls...)
}

// CallsTo returns the calls to one method, e.g. "conversations.open".
func (s *Server) CallsTo(method string) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Messages returns the messages in a conversation in the order they were
// posted, edits applied and deleted messages left out.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.rec.messages {
		if m.Channel == channel && !m.deleted {
			out = append(out, *m)
		}
	}
	return out
}

// AllMessages returns the messages of every conversation in posting order.
func (s *Server) AllMessages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.rec.messages {
		if !m.deleted {
			out = append(out, *m)
		}
	}
	return out
}

// ResponseURLPosts returns every POST to a response_url, refused ones included.
func (s *Server) ResponseURLPosts() []ResponseURLPost {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ResponseURLPost(nil), s.rec.responses...)
}

// Violations returns what the bot sent that Slack would have refused.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.rec.violations...)
}

// Acks returns every ack received, in order.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ack(nil), s.rec.acks...)
}

// AckLatencies returns, for every acked delivery, the time from writing the
// envelope to reading its ack; benchmarks report their distribution.
func (s *Server) AckLatencies() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]time.Duration, len(s.rec.acks))
	for i, a := range s.rec.acks {
		out[i] = a.Latency
	}
	return out
}

// WaitFor blocks until cond returns true, ctx ends or the Server closes. It
// re-evaluates cond on every state change (and every 50 ms besides), so it
// neither misses a change nor spins. cond may call the Server's getters.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-changed:
		case <-tick.C:
		case <-ctx.Done():
			return fmt.Errorf("fakeslack: wait: %w", ctx.Err())
		case <-s.closing:
			return ErrClosed
		}
	}
}

// WaitCalls waits until a method has been called at least n times and returns
// those calls.
func (s *Server) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	var calls []Call
	err := s.WaitFor(ctx, func() bool {
		calls = s.CallsTo(method)
		return len(calls) >= n
	})
	if err != nil {
		return calls, fmt.Errorf("fakeslack: wait for %d calls to %s (have %d): %w", n, method, len(calls), err)
	}
	return calls, nil
}
