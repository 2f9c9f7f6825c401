package fakeslack

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func TestAPIURLHasTrailingSlash(t *testing.T) {
	t.Parallel()
	s := New(t)
	if u := s.APIURL(); u != s.URL()+"/api/" || u[:17] != "http://127.0.0.1:" {
		t.Errorf("APIURL = %q", u)
	}
}

// TestCloseLeavesNoGoroutines runs a connected client, a delivery waiting
// for its ack and a slow API call, then checks Close ends them all. It is not
// parallel because it counts the process's goroutines.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := Start(WithAckTimeout(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	s.AddUser(User{ID: ana, Name: "ana"})
	tr := &http.Transport{}
	api := slack.New(s.BotToken(), slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(s.AppToken()),
		slack.OptionHTTPClient(&http.Client{Transport: tr}))
	client := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = client.RunContext(ctx) })
	wg.Go(func() { // drains events but never acks, so the delivery below waits
		for {
			select {
			case <-ctx.Done():
				return
			case <-client.Events:
			}
		}
	})
	if err := s.WaitConnected(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	s.SetLatency("auth.test", time.Hour)
	slashErr, authDone := make(chan error, 1), make(chan struct{})
	go func() { _, err := s.SlashCommand(context.Background(), SlashCommand{UserID: ana}); slashErr <- err }()
	go func() { _, _ = api.AuthTestContext(context.Background()); close(authDone) }()
	if _, err := s.WaitCalls(ctxT(t), "apps.connections.open", 1); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let both requests reach the server

	// Close while the client is still connected: the server must end its side.
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	if err := <-slashErr; !errors.Is(err, ErrClosed) {
		t.Errorf("pending delivery ended with %v, want ErrClosed", err)
	}
	<-authDone
	cancel()
	wg.Wait()
	s.Close() // idempotent
	tr.CloseIdleConnections()

	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Close, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}
