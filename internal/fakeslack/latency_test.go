package fakeslack

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// TestLatencyPerMethod delays each method the bot's slow paths depend on,
// response_url and upload_url posts included, and checks every one of them
// takes at least its delay.
func TestLatencyPerMethod(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	withFiles(s)
	api, ctx := newAPI(s), ctxT(t)
	_, ts, err := api.PostMessageContext(ctx, program, slack.MsgOptionText("Round 1", false))
	if err != nil {
		t.Fatal(err)
	}
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "Home", false, false), nil, nil)}}}
	modal, err := api.OpenViewContext(ctx, s.NewTriggerID(ana), quizModal())
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	responseURL := s.responseURLLocked(responseTarget{channel: program, user: ana})
	s.mu.Unlock()

	const d = 150 * time.Millisecond
	calls := map[string]func(context.Context) error{
		"chat.postMessage": func(ctx context.Context) error {
			_, _, err := api.PostMessageContext(ctx, program, slack.MsgOptionText("hi", false))
			return err
		},
		"chat.update": func(ctx context.Context) error {
			_, _, _, err := api.UpdateMessageContext(ctx, program, ts, slack.MsgOptionText("Round 1 (done)", false))
			return err
		},
		"views.open": func(ctx context.Context) error {
			_, err := api.OpenViewContext(ctx, s.NewTriggerID(bob), quizModal())
			return err
		},
		"views.update": func(ctx context.Context) error {
			_, err := api.UpdateViewContext(ctx, quizModal(), "", "", modal.ID)
			return err
		},
		"views.publish": func(ctx context.Context) error {
			_, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ana, View: home})
			return err
		},
		ResponseURLMethod: func(ctx context.Context) error {
			_, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(responseURL, "ephemeral"), slack.MsgOptionText("Done", false))
			return err
		},
		UploadURLMethod: func(ctx context.Context) error {
			_, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Reader: bytes.NewReader([]byte("x")), FileSize: 1,
				Filename: "x.txt", Channel: program})
			return err
		},
	}
	for method := range calls {
		s.SetLatency(method, d)
	}
	var wg sync.WaitGroup
	for method, call := range calls {
		wg.Go(func() {
			start := time.Now()
			if err := call(ctx); err != nil {
				t.Errorf("%s: %v", method, err)
			}
			if took := time.Since(start); took < d {
				t.Errorf("%s took %v, want at least %v", method, took, d)
			}
		})
	}
	wg.Wait()

	// A delay shorter than the client's timeout is only a delay; a longer
	// one times the client out, which is what latency is for.
	s.SetLatency("chat.update", time.Hour)
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, _, _, err := api.UpdateMessageContext(short, program, ts, slack.MsgOptionText("late", false)); err == nil {
		t.Error("an hour-long chat.update returned within 50 ms")
	}
	s.SetLatency("chat.update", 0)
	if _, _, _, err := api.UpdateMessageContext(ctx, program, ts, slack.MsgOptionText("on time", false)); err != nil {
		t.Errorf("chat.update after removing the delay: %v", err)
	}
}
