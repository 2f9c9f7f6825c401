package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
	"github.com/tandem-dev/tandem/render"
)

// queueSize bounds the envelopes waiting for a worker. The reading loop
// never blocks on it: a full queue gets a "busy" ack instead, because a
// blocked reader stops answering Slack's pings and the connection drops.
const queueSize = 256

// drainTimeout is how long Serve waits, once asked to stop, for the
// envelopes in flight to finish and be acknowledged.
const drainTimeout = 4 * time.Second

// Serve connects over Socket Mode and handles envelopes until ctx ends;
// then it finishes the work in flight, acknowledges it, and returns nil. It
// returns an error only when Slack refuses the app token.
func (b *Bot) Serve(ctx context.Context, socket *socketmode.Client) error {
	b.socket = socket
	// The socket outlives ctx a little, so that work in flight can still ack.
	sockCtx, stopSocket := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSocket()
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()

	runErr := make(chan error, 1)
	go func() { runErr <- socket.RunContext(sockCtx) }()
	defer b.connected.Store(false)

	jobs := make(chan socketmode.Event, queueSize)
	var workers sync.WaitGroup
	for range b.cfg.Workers {
		workers.Go(func() {
			for evt := range jobs {
				b.handleEnvelope(workCtx, evt)
			}
		})
	}

	var fatal error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-runErr:
			fatal = fmt.Errorf("slack socket mode: %w", err)
			runErr <- err // so the wait below does not block
			break loop
		case evt := <-socket.Events:
			if err := b.route(evt, jobs); err != nil {
				fatal = err
				break loop
			}
		}
	}

	close(jobs)
	drained := make(chan struct{})
	go func() { workers.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(drainTimeout):
		b.log.Warn("stopping with work still in flight")
		stopWork()
		<-drained
	}
	stopSocket()
	// Drain events until the socket stops, so its goroutines never block.
	for {
		select {
		case err := <-runErr:
			if fatal == nil && err != nil && !errors.Is(err, context.Canceled) {
				fatal = err
			}
			return fatal
		case <-socket.Events:
		}
	}
}

// route hands an envelope to the workers, or logs a connection event.
func (b *Bot) route(evt socketmode.Event, jobs chan<- socketmode.Event) error {
	switch evt.Type {
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		id := envelopeID(evt)
		b.metrics.EnvelopeReceived(string(evt.Type))
		if id != "" {
			b.received.Store(id, envelopeSeen{typ: string(evt.Type), at: time.Now()})
		}
		b.log.Debug("envelope received", keyEnvelope, id, keyKind, string(evt.Type))
		b.handling.Add(1)
		select {
		case jobs <- evt:
		default:
			b.handling.Add(-1)
			b.log.Warn("busy: envelope refused", keyEnvelope, id, keyKind, string(evt.Type))
			b.ack(evt.Request, busyPayload(evt))
		}
	case socketmode.EventTypeConnecting:
		b.connected.Store(false)
		b.log.Debug("connecting to Slack")
	case socketmode.EventTypeConnected:
		b.connected.Store(true)
		b.log.Info("socket mode connected")
	case socketmode.EventTypeHello:
		b.log.Debug("socket mode hello")
	case socketmode.EventTypeConnectionError:
		b.connected.Store(false)
		b.log.Warn("socket mode connection error; retrying", keyErr, connError(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		b.connected.Store(false)
		return errors.New("slack refused the app token (invalid_auth): check slack.app_token / SLACK_APP_TOKEN")
	case socketmode.EventTypeErrorBadMessage, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		// Not evt.Data: on a malformed envelope it holds the raw message,
		// which can be a person's note.
		b.log.Warn("socket mode error", keyKind, string(evt.Type))
	case socketmode.EventTypeDisconnect:
		b.connected.Store(false)
		b.log.Info("socket mode refresh")
	default:
		b.log.Debug("socket mode event ignored", keyKind, string(evt.Type))
	}
	return nil
}

// Idle reports whether every envelope received so far has been handled:
// acknowledged, and whatever it does in the database and on Slack done.
// Messages the outbox sends on their own schedule are not envelopes.
func (b *Bot) Idle() bool { return b.handling.Load() == 0 }

// Connected reports whether the Socket Mode connection is up: Slack can
// deliver envelopes. It is false from a drop or refresh until the next
// connection is established, and once Serve has returned.
func (b *Bot) Connected() bool { return b.connected.Load() }

// envelopeSeen is when an envelope arrived, until its ack says how long
// it waited.
type envelopeSeen struct {
	typ string
	at  time.Time
}

// envelopeID is the envelope's ID, "" if it has none.
func envelopeID(evt socketmode.Event) string {
	if evt.Request == nil {
		return ""
	}
	return evt.Request.EnvelopeID
}

func busyPayload(evt socketmode.Event) any {
	if evt.Type == socketmode.EventTypeSlashCommand {
		return render.Reply{Text: ":hourglass: tandem is very busy right now. Please try again in a moment."}.Payload()
	}
	return nil
}

// ack acknowledges req with payload, logging a failure: an ack that cannot
// be written means the connection is gone, and Slack will redeliver.
func (b *Bot) ack(req *socketmode.Request, payload any) {
	if req == nil || b.socket == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := b.socket.AckCtx(ctx, req.EnvelopeID, payload)
	var seen envelopeSeen
	if v, ok := b.received.LoadAndDelete(req.EnvelopeID); ok {
		seen = v.(envelopeSeen)
		if err == nil {
			waited := time.Since(seen.at)
			b.metrics.Acked(seen.typ, waited)
			b.log.Debug("envelope acked", keyEnvelope, req.EnvelopeID, keyKind, seen.typ, "elapsed", waited)
		}
	}
	if err != nil {
		b.log.Warn("ack failed", keyEnvelope, req.EnvelopeID, keyKind, seen.typ, keyErr, err)
	}
}

// handleEnvelope runs one envelope to completion. Its ack never waits on
// Slack's Web API: a click is acknowledged at once and handled after; a
// modal submission is checked and saved, acknowledged with its answer
// (close, errors, update), and what it posts to Slack goes after the ack; a
// slash command is acknowledged within AckWait (see handleSlash). A panic
// anywhere is logged with the envelope's type and ID, never its content, and
// answered politely; the process keeps serving.
func (b *Bot) handleEnvelope(ctx context.Context, evt socketmode.Event) {
	ctx = withEnvelope(ctx, envelopeID(evt), string(evt.Type))
	acked := false
	ack := func(payload any) {
		if !acked {
			acked = true
			b.ack(evt.Request, payload)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			b.logPanic(evt, r)
			ack(sorryPayload(evt))
		}
		if evt.Request != nil {
			b.log.Debug("envelope handled", keyEnvelope, evt.Request.EnvelopeID, keyKind, string(evt.Type))
		}
		b.handling.Add(-1)
	}()
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			ack(nil)
			return
		}
		acked = true // handleSlash acks, panics included
		b.handleSlash(ctx, evt.Request, cmd)
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			ack(nil)
			return
		}
		switch cb.Type {
		case slack.InteractionTypeViewSubmission:
			payload, after := b.handleSubmission(ctx, evt.Request.EnvelopeID, cb)
			ack(payload)
			after()
			return
		case slack.InteractionTypeBlockSuggestion:
			ack(b.suggest(ctx, cb)) // Slack takes the options from the ack alone
			return
		}
		ack(nil)
		b.handleInteraction(ctx, evt.Request.EnvelopeID, cb)
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		ack(nil)
		if ok {
			b.handleEvent(ctx, ev)
		}
	}
}

// logPanic logs a recovered panic with the envelope's type and ID. A
// runtime error's text names no data; any other panic value might, so only
// its type is logged.
func (b *Bot) logPanic(evt socketmode.Event, r any) {
	what := fmt.Sprintf("%T", r)
	if re, ok := r.(runtime.Error); ok {
		what = re.Error()
	}
	b.log.Error("handler panicked", keyKind, string(evt.Type), keyEnvelope, envelopeID(evt), keyErr, what, "stack", string(debug.Stack()))
}

// sorryPayload answers an envelope whose handling failed unexpectedly.
func sorryPayload(evt socketmode.Event) any {
	if evt.Type == socketmode.EventTypeSlashCommand {
		return sorry.Payload()
	}
	return nil
}

// sorry is what a person reads when handling their request failed in a way
// tandem did not expect.
var sorry = render.Text(":warning: Something went wrong on our side, and nothing was changed. Please try again in a minute.")

// connError names a connection error without the data of any envelope.
func connError(data any) string {
	if err, ok := data.(error); ok {
		return err.Error()
	}
	return fmt.Sprintf("%T", data)
}
