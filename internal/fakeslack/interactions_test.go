package fakeslack

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func introBlocks(blockID string) slack.MsgOption {
	btn := slack.NewButtonBlockElement("tandem_met", "group:42", slack.NewTextBlockObject("plain_text", "We met", false, false))
	return slack.MsgOptionBlocks(
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "You two are matched!", false, false), nil, nil),
		slack.NewActionBlock(blockID, btn),
	)
}

func TestBlockActionDecodesWithBlockID(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	got := make(chan slack.InteractionCallback, 1)
	b := startBot(t, s, func(evt socketmode.Event) (any, bool) {
		got <- evt.Data.(slack.InteractionCallback)
		return nil, true
	})
	ctx := ctxT(t)
	for _, blockID := range []string{"intro_actions", ""} { // "" gets an ID generated, as in Slack
		_, ts, err := b.api.PostMessageContext(ctx, program, slack.MsgOptionText("You two are matched!", false), introBlocks(blockID))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.BlockAction(ctx, BlockAction{UserID: ana, ChannelID: program, MessageTS: ts, ActionID: "tandem_met"}); err != nil {
			t.Fatal(err)
		}
		cb := <-got
		if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) != 1 {
			t.Fatalf("callback = %+v, want one block action", cb)
		}
		act := cb.ActionCallback.BlockActions[0]
		if act.ActionID != "tandem_met" || act.Value != "group:42" || act.BlockID == "" ||
			(blockID != "" && act.BlockID != blockID) || act.Text.Text != "We met" {
			t.Errorf("action = %+v", act)
		}
		if cb.Container.MessageTs != ts || cb.Container.ChannelID != program || cb.User.ID != ana ||
			cb.Message.Timestamp != ts || cb.TriggerID == "" || cb.ResponseURL == "" {
			t.Errorf("callback context = %+v", cb)
		}

		// The bot answers through the response_url by replacing the message.
		if _, _, err := b.api.PostMessageContext(ctx, "", slack.MsgOptionReplaceOriginal(cb.ResponseURL),
			slack.MsgOptionText("Great, noted!", false)); err != nil {
			t.Fatalf("response_url: %v", err)
		}
		if m := s.Messages(program); m[len(m)-1].Text != "Great, noted!" || !m[len(m)-1].Updated || m[len(m)-1].Blocks != nil {
			t.Errorf("after replace_original: %+v", m[len(m)-1])
		}
	}
	if _, err := s.BlockAction(ctx, BlockAction{UserID: ana, ChannelID: program, MessageTS: s.Messages(program)[0].TS, ActionID: "tandem_skip"}); err == nil {
		t.Error("a click on an element the message does not show was sent")
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations = %+v", v)
	}
}

func quizModal() slack.ModalViewRequest {
	input := slack.NewInputBlock("q", slack.NewTextBlockObject("plain_text", "Question", false, false), nil,
		slack.NewPlainTextInputBlockElement(nil, "q_in"))
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           slack.NewTextBlockObject("plain_text", "Add a quiz question", false, false),
		Submit:          slack.NewTextBlockObject("plain_text", "Save", false, false),
		CallbackID:      "quiz_add",
		PrivateMetadata: "g42",
		Blocks:          slack.Blocks{BlockSet: []slack.Block{input}},
	}
}

func TestViewSubmissionAckErrorsAndClose(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	got := make(chan slack.InteractionCallback, 1)
	var reply any
	b := startBot(t, s, func(evt socketmode.Event) (any, bool) {
		got <- evt.Data.(slack.InteractionCallback)
		return reply, true
	})
	ctx := ctxT(t)
	view, err := b.api.OpenViewContext(ctx, s.NewTriggerID(ana), quizModal())
	if err != nil {
		t.Fatal(err)
	}
	reply = slack.NewErrorsViewSubmissionResponse(map[string]string{"q": "Question is required"})
	sub := ViewSubmission{UserID: ana, ViewID: view.ID, Values: map[string]map[string]StateValue{
		"q": {"q_in": {Value: "What does GC stand for?"}}}}
	ack, err := s.ViewSubmission(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	cb := <-got
	if cb.Type != slack.InteractionTypeViewSubmission || cb.View.CallbackID != "quiz_add" || cb.View.PrivateMetadata != "g42" ||
		cb.View.State.Values["q"]["q_in"].Value != "What does GC stand for?" || cb.View.State.Values["q"]["q_in"].Type != "plain_text_input" {
		t.Errorf("callback view = %+v", cb.View)
	}
	if ack.ResponseAction != "errors" || ack.Errors["q"] != "Question is required" {
		t.Errorf("ack = %+v", ack)
	}
	if v, _ := s.ViewByID(view.ID); v.Closed {
		t.Error("an errors ack closed the modal")
	}

	reply = nil
	if _, err := s.ViewSubmission(ctx, sub); err != nil {
		t.Fatal(err)
	}
	<-got
	if v, _ := s.ViewByID(view.ID); !v.Closed {
		t.Error("an empty ack left the modal open")
	}
	bad := ViewSubmission{UserID: ana, Values: map[string]map[string]StateValue{"nope": {"x": {Value: "y"}}}, ViewID: view.ID}
	if _, err := s.ViewSubmission(ctx, bad); err == nil {
		t.Error("a closed modal was submitted")
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations = %+v", v)
	}
}

func TestViewsOpenNeedsAFreshUnusedTrigger(t *testing.T) {
	t.Parallel()
	s := newFake(t, WithTriggerTTL(100*time.Millisecond))
	api := newAPI(s)
	ctx := ctxT(t)
	trigger := s.NewTriggerID(ana)
	if _, err := api.OpenViewContext(ctx, trigger, quizModal()); err != nil {
		t.Fatalf("fresh trigger: %v", err)
	}
	stale := s.NewTriggerID(ana)
	time.Sleep(200 * time.Millisecond)
	for _, tc := range []struct{ name, trigger, want string }{
		{"used", trigger, "exchanged_trigger_id"},
		{"expired", stale, "expired_trigger_id"},
		{"unknown", "1.2.3", "invalid_trigger_id"},
	} {
		if _, err := api.OpenViewContext(ctx, tc.trigger, quizModal()); err == nil || err.Error() != tc.want {
			t.Errorf("%s trigger: err = %v, want %s", tc.name, err, tc.want)
		}
	}
	if m := s.Modals(); len(m) != 1 || m[0].Title != "Add a quiz question" || m[0].UserID != ana {
		t.Errorf("modals = %+v", m)
	}
}

func TestPublishedHomeIsShownOnAppHomeOpened(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	b := startBot(t, s, nil)
	ctx := ctxT(t)
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*Your partnerships*", false, false), nil, nil)}}}
	resp, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ana, View: home})
	if err != nil {
		t.Fatal(err)
	}
	v, ok := s.HomeView(ana)
	if !ok || v.ID != resp.View.ID || !strings.Contains(v.AllText(), "Your partnerships") {
		t.Fatalf("home = %+v, %v", v, ok)
	}
	// A stale hash is refused, as Slack does when two publishes race.
	stale := "1.0"
	if _, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ana, View: home, Hash: &stale}); err == nil || err.Error() != "hash_conflict" {
		t.Errorf("stale hash: err = %v, want hash_conflict", err)
	}
	if _, err := s.AppHomeOpened(ctx, ana); err != nil {
		t.Fatal(err)
	}
}
