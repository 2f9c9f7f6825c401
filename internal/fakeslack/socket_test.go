package fakeslack

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func TestSocketModeClientConnectsAndGetsHello(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	b := startBot(t, s, nil)
	b.next(t, socketmode.EventTypeHello)
	if err := s.WaitConnected(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if got := s.ConnectionsOpened(); got != 1 {
		t.Errorf("ConnectionsOpened = %d, want 1", got)
	}
	if calls := s.CallsTo("apps.connections.open"); len(calls) != 1 || calls[0].Error != "" {
		t.Errorf("apps.connections.open calls = %+v, want one ok call", calls)
	}
}

// TestRawSocketProtocol checks the wire details slack-go depends on with a
// bare gorilla client: Slack's Origin, an extra query parameter, hello first,
// a PING at once, and single-use tickets.
func TestRawSocketProtocol(t *testing.T) {
	t.Parallel()
	s := newFake(t, WithPingInterval(time.Hour))
	req, _ := http.NewRequest(http.MethodPost, s.APIURL()+"apps.connections.open", nil)
	req.Header.Set("Authorization", "Bearer "+s.AppToken())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var open struct {
		OK  bool
		URL string
	}
	_ = json.NewDecoder(resp.Body).Decode(&open)
	resp.Body.Close()
	if !open.OK || !strings.HasPrefix(open.URL, "ws://127.0.0.1:") {
		t.Fatalf("apps.connections.open = %+v", open)
	}
	hdr := http.Header{"Origin": {"https://api.slack.com"}}
	ws, _, err := websocket.DefaultDialer.Dial(open.URL+"&debug_reconnects=true", hdr)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer ws.Close()
	pinged := make(chan struct{}, 1)
	ws.SetPingHandler(func(string) error {
		select {
		case pinged <- struct{}{}:
		default:
		}
		return nil
	})
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var hello struct{ Type string }
	if err := ws.ReadJSON(&hello); err != nil || hello.Type != "hello" {
		t.Fatalf("first frame = %+v, %v; want hello", hello, err)
	}
	go func() { _, _, _ = ws.ReadMessage() }() // control frames are handled while reading
	select {
	case <-pinged:
	case <-time.After(3 * time.Second):
		t.Fatal("no PING right after connecting, despite a 1 h interval")
	}
	if _, _, err := websocket.DefaultDialer.Dial(open.URL, hdr); err == nil {
		t.Error("a used ticket was accepted again")
	}
}

func TestDisconnectAndDropMakeTheClientReconnect(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	startBot(t, s, func(socketmode.Event) (any, bool) { return map[string]string{"text": "ok"}, true })
	ctx := ctxT(t)
	if err := s.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Disconnect("refresh_requested"); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitFor(ctx, func() bool { return s.ConnectionsOpened() == 2 && s.Connected() == 1 }); err != nil {
		t.Fatalf("no reconnect after disconnect: opened %d, live %d: %v", s.ConnectionsOpened(), s.Connected(), err)
	}
	if ack, err := s.SlashCommand(ctx, SlashCommand{UserID: ana, ChannelID: program, Text: "help"}); err != nil || ack.Text != "ok" {
		t.Fatalf("slash command after reconnect: %+v, %v", ack, err)
	}
	if err := s.DropConnection(); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitFor(ctx, func() bool { return s.ConnectionsOpened() == 3 && s.Connected() == 1 }); err != nil {
		t.Fatalf("no reconnect after drop: opened %d: %v", s.ConnectionsOpened(), err)
	}
	if _, err := s.SlashCommand(ctx, SlashCommand{UserID: ana, ChannelID: program, Text: "help"}); err != nil {
		t.Fatalf("slash command after drop: %v", err)
	}
	if n := len(s.CallsTo("apps.connections.open")); n != 3 {
		t.Errorf("apps.connections.open called %d times, want 3", n)
	}
}

func TestSlashCommandDecodesAndAckIsShown(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	got := make(chan slack.SlashCommand, 1)
	startBot(t, s, func(evt socketmode.Event) (any, bool) {
		got <- evt.Data.(slack.SlashCommand)
		return map[string]any{"response_type": "ephemeral", "text": "Working on it"}, true
	})
	text := "program add <#C0PROGRAM1|learning> group_size=3"
	ack, err := s.SlashCommand(ctxT(t), SlashCommand{UserID: ana, ChannelID: program, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	cmd := <-got
	if cmd.Command != "/tandem" || cmd.Text != text || cmd.UserID != ana || cmd.ChannelID != program ||
		cmd.UserName != "ana" || cmd.ChannelName != "learning" || cmd.TriggerID == "" ||
		!strings.HasPrefix(cmd.ResponseURL, s.URL()+"/response/") {
		t.Errorf("decoded command = %+v", cmd)
	}
	if ack.Text != "Working on it" || ack.ResponseType != "ephemeral" || ack.Latency <= 0 {
		t.Errorf("ack = %+v", ack)
	}
	if l := s.AckLatencies(); len(l) != 1 || l[0] != ack.Latency {
		t.Errorf("AckLatencies = %v, want [%v]", l, ack.Latency)
	}
	msgs := s.Messages(program)
	if len(msgs) != 1 || !msgs[0].Ephemeral || msgs[0].User != ana || msgs[0].Text != "Working on it" {
		t.Errorf("messages = %+v, want the ack shown to ana only", msgs)
	}
}

func TestUnackedEnvelopeTimesOutAndRedeliverResends(t *testing.T) {
	t.Parallel()
	s := newFake(t, WithAckTimeout(300*time.Millisecond))
	var acking atomic.Bool
	b := startBot(t, s, func(socketmode.Event) (any, bool) { return nil, acking.Load() })
	ctx := ctxT(t)
	_, err := s.AppHomeOpened(ctx, ana)
	if !errors.Is(err, ErrNoAck) {
		t.Fatalf("unacked event: err = %v, want ErrNoAck", err)
	}
	first := b.next(t, socketmode.EventTypeEventsAPI)
	if first.Request.RetryAttempt != 0 {
		t.Errorf("first delivery retry_attempt = %d", first.Request.RetryAttempt)
	}
	inner := first.Data.(slackevents.EventsAPIEvent).InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if inner.User != ana || inner.Tab != "home" || !strings.HasPrefix(inner.Channel, "D") {
		t.Errorf("app_home_opened = %+v", inner)
	}

	acking.Store(true)
	ack, err := s.Redeliver(ctx, first.Request.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	again := b.next(t, socketmode.EventTypeEventsAPI)
	if ack.EnvelopeID != first.Request.EnvelopeID || again.Request.RetryAttempt != 1 || again.Request.RetryReason == "" {
		t.Errorf("redelivery: ack %q, retry_attempt %d, reason %q", ack.EnvelopeID, again.Request.RetryAttempt, again.Request.RetryReason)
	}
	id := func(e socketmode.Event) string {
		return e.Data.(slackevents.EventsAPIEvent).Data.(*slackevents.EventsAPICallbackEvent).EventID
	}
	if id(first) == "" || id(first) != id(again) {
		t.Errorf("event_id %q then %q, want the same", id(first), id(again))
	}
}

func TestSendWithoutClientFails(t *testing.T) {
	t.Parallel()
	s := newFake(t, WithAckTimeout(100*time.Millisecond))
	_, err := s.SlashCommand(ctxT(t), SlashCommand{UserID: ana, ChannelID: program})
	if !errors.Is(err, ErrNotConnected) {
		t.Fatalf("err = %v, want ErrNotConnected", err)
	}
	if _, err := s.SlashCommand(ctxT(t), SlashCommand{UserID: "U0NOBODY01"}); err == nil {
		t.Error("a slash command from an unknown user was sent")
	}
}
