package fakeslack

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Users and channels most tests share.
const (
	ana     = "U0ANA00001"
	bob     = "U0BOB00001"
	program = "C0PROGRAM1"
)

// newFake starts a fake with two users and one channel they are in.
func newFake(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := New(t, opts...)
	s.AddUser(User{ID: ana, Name: "ana", RealName: "Ana Lima", TZ: "Europe/Berlin", IsAdmin: true})
	s.AddUser(User{ID: bob, Name: "bob", RealName: "Bob Stone", TZ: "America/New_York"})
	s.AddChannel(program, "learning", ana, bob)
	return s
}

// newAPI returns a real slack-go Web API client for the fake.
func newAPI(s *Server) *slack.Client {
	return slack.New(s.BotToken(), slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(s.AppToken()),
		slack.OptionHTTPClient(&http.Client{Timeout: 10 * time.Second}))
}

// handler answers one request event; ack false leaves it unacknowledged.
type handler func(evt socketmode.Event) (payload any, ack bool)

// bot is a real slack-go Socket Mode client running against the fake, with
// the single event loop the platform doc recommends.
type bot struct {
	api    *slack.Client
	events chan socketmode.Event
}

// startBot runs a Socket Mode client until the test ends. h may be nil, in
// which case every request is acked empty.
func startBot(t *testing.T, s *Server, h handler) *bot {
	t.Helper()
	b := &bot{api: newAPI(s), events: make(chan socketmode.Event, 256)}
	client := socketmode.New(b.api)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = client.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-client.Events:
				select {
				case b.events <- evt:
				default: // tests read only what they need
				}
				if evt.Request == nil || evt.Type == socketmode.EventTypeHello {
					continue
				}
				payload, ack := any(nil), true
				if h != nil {
					payload, ack = h(evt)
				}
				if ack {
					_ = client.Ack(*evt.Request, payload)
				}
			}
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
	return b
}

// next returns the next event of the given type the client received.
func (b *bot) next(t *testing.T, typ socketmode.EventType) socketmode.Event {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case evt := <-b.events:
			if evt.Type == typ {
				return evt
			}
		case <-timeout:
			t.Fatalf("no %s event within 5s", typ)
		}
	}
}

// ctxT returns a context that ends with the test or after 10 s, so that a
// broken wait fails the test instead of hanging it.
func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
