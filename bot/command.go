package bot

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// maxAckBytes keeps an ack payload under Slack's 20 KB Socket Mode limit,
// past which Slack drops the payload silently.
const maxAckBytes = 19000

// request is who asked, where, and how to answer them later.
type request struct {
	user        tandem.UserID
	channel     tandem.ChannelID
	channelName string
	responseURL string
	triggerID   string
	key         tandem.Key      // the envelope's: for the command's primary effect
	v           render.Renderer // in the language of user
}

// handleSlash runs a slash command and acknowledges it with the reply if
// the reply is ready within AckWait, else with a short "working on it" and
// delivers the reply when it is ready.
func (b *Bot) handleSlash(ctx context.Context, env *socketmode.Request, sc slack.SlashCommand) {
	req := request{
		user:        tandem.UserID(sc.UserID),
		channel:     tandem.ChannelID(sc.ChannelID),
		channelName: sc.ChannelName,
		responseURL: sc.ResponseURL,
		triggerID:   sc.TriggerID,
		key:         tandem.EnvelopeKey(env.EnvelopeID),
	}
	start := time.Now()
	done := make(chan render.Reply, 1)
	views := make(chan render.Renderer, 1) // the caller's language, once known
	go func() {
		req.v = b.views
		defer func() {
			if r := recover(); r != nil {
				b.logPanic(socketmode.Event{Type: socketmode.EventTypeSlashCommand, Request: env}, r)
				done <- sorryIn(req.v)
			}
		}()
		req.v = b.viewsFor(ctx, req.user)
		views <- req.v
		done <- b.command(ctx, req, sc.Text)
	}()
	// known is the caller's renderer if their language is known by now
	// or the directory has it cached, else English: an ack never waits
	// for users.info.
	known := func() render.Renderer {
		select {
		case v := <-views:
			views <- v
			return v
		default:
			return b.views.In(b.cfg.Languages.Cached(req.user))
		}
	}

	timer := time.NewTimer(b.cfg.AckWait)
	defer timer.Stop()
	var r render.Reply
	select {
	case r = <-done:
		if payload := r.Payload(); fitsAck(payload) {
			b.ack(env, payload)
		} else {
			b.ack(env, render.Reply{Text: known().T("reply.here_it_comes")}.Payload())
			b.deliver(ctx, req, r)
		}
	case <-timer.C:
		b.ack(env, render.Reply{Text: known().T("reply.working_on_it")}.Payload())
		r = <-done
		b.deliver(ctx, req, r)
		b.log.InfoContext(ctx, "slow command answered after its ack", "elapsed", time.Since(start))
	}
	for _, more := range r.More {
		b.deliver(ctx, req, more)
	}
}

func fitsAck(payload any) bool {
	js, err := json.Marshal(payload)
	return err == nil && len(js) < maxAckBytes
}

// command parses and runs one command line and returns the reply. It never
// returns an error: failures become the message the user sees.
func (b *Bot) command(ctx context.Context, req request, text string) render.Reply {
	cmd, err := command.Parse(text)
	if err != nil {
		return errorReply(req.v, err)
	}
	r, err := b.run(ctx, req, cmd)
	switch {
	case errors.Is(err, tandem.ErrDuplicate):
		return req.v.Text(req.v.T("reply.duplicate"))
	case err != nil:
		if tandem.ErrorCode(err) == tandem.EINTERNAL {
			b.log.ErrorContext(ctx, "command failed", keyVerb, cmd.Verb, keyUser, req.user, keyErr, err)
		}
		return errorReply(req.v, err)
	}
	return r
}

// deliver sends a reply that could not travel in the ack: as an ephemeral
// message where the bot can post, else through the response_url, which
// works in any conversation for 30 minutes.
func (b *Bot) deliver(ctx context.Context, req request, r render.Reply) {
	if !r.InChannel {
		_, err := b.api.PostEphemeralContext(ctx, string(req.channel), string(req.user), r.MsgOptions()...)
		if err == nil {
			return
		}
		b.log.InfoContext(ctx, "ephemeral reply failed; using the response_url", keyChannel, req.channel, keyErr, err)
	}
	if err := postResponseURL(ctx, req.responseURL, r, false); err != nil {
		b.log.ErrorContext(ctx, "reply lost: neither an ephemeral message nor the response_url took it", keyUser, req.user, keyErr, err)
	}
}

// run dispatches a parsed command to its handler.
func (b *Bot) run(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	if adminVerbs[cmd.Verb] {
		if err := b.requireAdmin(ctx, req.user); err != nil {
			return render.Reply{}, err
		}
	}
	switch cmd.Verb {
	case "help":
		return b.help(ctx, req, cmd), nil
	case "profile":
		if cmd.Sub == "edit" {
			return b.profileEdit(ctx, req)
		}
		return b.profile(ctx, req)
	case "teach", "learn", "mode", "location", "pause", "resume":
		return b.setProfile(ctx, req, cmd)
	case "avoid", "unavoid":
		return b.avoid(ctx, req, cmd)
	case "partners":
		return b.partners(ctx, req)
	case "match":
		if cmd.Sub == "preview" {
			return b.matchPreview(ctx, req, cmd)
		}
		return b.matchNow(ctx, req, cmd)
	case "note":
		return b.note(ctx, req, cmd)
	case "notes":
		return b.notes(ctx, req, cmd)
	case "quiz":
		return b.quiz(ctx, req, cmd)
	case "goal":
		return b.goal(ctx, req, cmd)
	case "topic":
		return b.topic(ctx, req, cmd)
	case "topics":
		return b.topics(ctx, req)
	case "ask":
		return b.ask(ctx, req, cmd)
	case "marketplace":
		return b.marketplaceNow(ctx, req, cmd)
	case "program":
		return b.program(ctx, req, cmd)
	case "report":
		return b.report(ctx, req, cmd)
	case "forget":
		return b.forget(ctx, req)
	}
	return b.help(ctx, req, command.Command{Verb: "help", Unknown: cmd.Verb}), nil
}

// adminVerbs are the commands only admins may run.
var adminVerbs = map[string]bool{"program": true, "match": true, "marketplace": true, "report": true}
