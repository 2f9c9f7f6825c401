package fakeslack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// profileModal holds one input of every element type tandem uses.
func profileModal() slack.ModalViewRequest {
	name := slack.NewPlainTextInputBlockElement(nil, "name_in")
	name.InitialValue = "Ana"
	zero := 0
	topic := slack.NewOptionsSelectBlockElement(slack.OptTypeExternal, plain("Topic"), "topic_pick")
	topic.MinQueryLength = &zero
	input := func(blockID string, e slack.BlockElement, optional bool) slack.Block {
		b := slack.NewInputBlock(blockID, plain(blockID), nil, e)
		b.Optional = optional
		return b
	}
	blocks := []slack.Block{
		input("name", name, false),
		input("level", slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Level"), "level_pick",
			option("beginner", "Beginner"), option("expert", "Expert")), false),
		input("topic", topic, false),
		input("langs", slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain("Languages"), "langs_pick",
			option("go", "Go"), option("sql", "SQL"), option("rust", "Rust")), false),
		input("more", slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plain("More"), "more_pick"), true),
		input("when", slack.NewRadioButtonsBlockElement("when_pick", option("am", "Mornings"), option("pm", "Afternoons")), false),
		input("days", slack.NewCheckboxGroupsBlockElement("days_pick",
			slack.NewOptionBlockObject("mon", plain("Monday"), plain("start of the week")), option("tue", "Tuesday")), false),
		input("mentor", slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Mentor"), "mentor_pick"), false),
		input("team", slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("Team"), "team_pick"), true),
		input("where", slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Where"), "where_pick"), false),
		input("chan", slack.NewOptionsSelectBlockElement(slack.OptTypeChannels, plain("Channel"), "chan_pick"), false),
		input("start", slack.NewDatePickerBlockElement("start_pick"), false),
		input("note", slack.NewPlainTextInputBlockElement(nil, "note_in"), true),
	}
	return slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Your profile"), Submit: plain("Save"),
		CallbackID: "profile", Blocks: slack.Blocks{BlockSet: blocks}}
}

func TestViewSubmissionSendsEveryElementTypeAsSlackDoes(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	got := make(chan socketmode.Event, 4)
	b := startBot(t, s, func(evt socketmode.Event) (any, bool) {
		cb := evt.Data.(slack.InteractionCallback)
		if cb.Type == slack.InteractionTypeBlockSuggestion {
			return slack.OptionsResponse{Options: []*slack.OptionBlockObject{option("k8s", "Kubernetes")}}, true
		}
		got <- evt
		return nil, true
	})
	ctx := ctxT(t)
	view, err := b.api.OpenViewContext(ctx, s.NewTriggerID(ana), profileModal())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.BlockSuggestion(ctx, BlockSuggestion{UserID: ana, ViewID: view.ID, ActionID: "topic_pick", Value: "k"}); err != nil {
		t.Fatal(err)
	}
	values := map[string]map[string]StateValue{
		"level":  {"level_pick": {SelectedOption: "expert"}},
		"topic":  {"topic_pick": {SelectedOption: "k8s"}},
		"langs":  {"langs_pick": {SelectedOptions: []string{"go", "sql"}}},
		"more":   {"more_pick": {SelectedOptions: []string{"wasm"}}}, // never suggested: the value is its text
		"when":   {"when_pick": {SelectedOption: "pm"}},
		"days":   {"days_pick": {SelectedOptions: []string{"mon"}}},
		"mentor": {"mentor_pick": {SelectedUser: bob}},
		"where":  {"where_pick": {SelectedConversation: program}},
		"chan":   {"chan_pick": {SelectedChannel: program}},
		"start":  {"start_pick": {SelectedDate: "2026-01-31"}},
	}
	if _, err := s.ViewSubmission(ctx, ViewSubmission{UserID: ana, ViewID: view.ID, Values: values}); err != nil {
		t.Fatal(err)
	}
	evt := <-got
	st := evt.Data.(slack.InteractionCallback).View.State.Values
	opt := func(o slack.OptionBlockObject) string { return o.Value + "=" + o.Text.Text }
	opts := func(list []slack.OptionBlockObject) string {
		var out []string
		for _, o := range list {
			out = append(out, opt(o))
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct{ name, got, want string }{
		{"name (untouched: its initial value)", st["name"]["name_in"].Value, "Ana"},
		{"level", opt(st["level"]["level_pick"].SelectedOption), "expert=Expert"},
		{"topic (text from the suggestion)", opt(st["topic"]["topic_pick"].SelectedOption), "k8s=Kubernetes"},
		{"langs", opts(st["langs"]["langs_pick"].SelectedOptions), "go=Go,sql=SQL"},
		{"more", opts(st["more"]["more_pick"].SelectedOptions), "wasm=wasm"},
		{"when", opt(st["when"]["when_pick"].SelectedOption), "pm=Afternoons"},
		{"days", opts(st["days"]["days_pick"].SelectedOptions), "mon=Monday"},
		{"days description", st["days"]["days_pick"].SelectedOptions[0].Description.Text, "start of the week"},
		{"mentor", st["mentor"]["mentor_pick"].SelectedUser, bob},
		{"where", st["where"]["where_pick"].SelectedConversation, program},
		{"chan", st["chan"]["chan_pick"].SelectedChannel, program},
		{"start", st["start"]["start_pick"].SelectedDate, "2026-01-31"},
		{"level type", string(st["level"]["level_pick"].Type), "static_select"},
		{"days type", string(st["days"]["days_pick"].Type), "checkboxes"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}

	// The raw wire shape: nulls and empty lists for untouched inputs.
	var raw struct {
		View struct {
			State struct {
				Values map[string]map[string]map[string]json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(evt.Request.Payload, &raw); err != nil {
		t.Fatal(err)
	}
	wire := raw.View.State.Values
	for _, c := range []struct{ block, action, field, want string }{
		{"note", "note_in", "value", "null"},
		{"team", "team_pick", "selected_users", "[]"},
		{"note", "note_in", "type", `"plain_text_input"`},
		{"where", "where_pick", "type", `"conversations_select"`},
	} {
		if got := string(wire[c.block][c.action][c.field]); got != c.want {
			t.Errorf("wire %s.%s.%s = %s, want %s", c.block, c.action, c.field, got, c.want)
		}
	}
	if len(wire) != 13 {
		t.Errorf("state holds %d blocks, want all 13 inputs", len(wire))
	}
}

func TestViewSubmissionRefusesWhatAUserCannotSubmit(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	b := startBot(t, s, func(evt socketmode.Event) (any, bool) {
		if evt.Data.(slack.InteractionCallback).Type == slack.InteractionTypeBlockSuggestion {
			return slack.OptionsResponse{Options: []*slack.OptionBlockObject{option("k8s", "Kubernetes")}}, true
		}
		return nil, true
	})
	ctx := ctxT(t)
	view, err := b.api.OpenViewContext(ctx, s.NewTriggerID(ana), profileModal())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.BlockSuggestion(ctx, BlockSuggestion{UserID: ana, ViewID: view.ID, ActionID: "topic_pick"}); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]map[string]map[string]StateValue{
		"an option the menu lacks":     {"level": {"level_pick": {SelectedOption: "guru"}}},
		"a user for a static select":   {"level": {"level_pick": {SelectedUser: bob}}},
		"an unknown user":              {"mentor": {"mentor_pick": {SelectedUser: "U0NOBODY01"}}},
		"a DM as a channel":            {"chan": {"chan_pick": {SelectedChannel: s.DMChannel(ana)}}},
		"a date in another format":     {"start": {"start_pick": {SelectedDate: "31/01/2026"}}},
		"an option never suggested":    {"topic": {"topic_pick": {SelectedOption: "wasm"}}},
		"the wrong type":               {"name": {"name_in": {Type: "number_input", Value: "3"}}},
		"a checkbox the group lacks":   {"days": {"days_pick": {SelectedOptions: []string{"sun"}}}},
		"an element the modal doesn't": {"nope": {"x": {Value: "y"}}},
	} {
		if _, err := s.ViewSubmission(ctx, ViewSubmission{UserID: ana, ViewID: view.ID, Values: v}); err == nil {
			t.Errorf("%s: submitted", name)
		}
	}
	if v, _ := s.ViewByID(view.ID); v.Closed {
		t.Error("a refused submission closed the modal")
	}
	if n := len(s.Deliveries()); n != 1 {
		t.Errorf("%d deliveries, want only the suggestion", n)
	}
}

func TestViewSubmissionResponseActions(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	var reply any
	b := startBot(t, s, func(socketmode.Event) (any, bool) { return reply, true })
	ctx := ctxT(t)
	first, err := b.api.OpenViewContext(ctx, s.NewTriggerID(ana), quizModal())
	if err != nil {
		t.Fatal(err)
	}
	sub := func(viewID string) Ack {
		t.Helper()
		ack, err := s.ViewSubmission(ctx, ViewSubmission{UserID: ana, ViewID: viewID,
			Values: map[string]map[string]StateValue{"q": {"q_in": {Value: "Why?"}}}})
		if err != nil {
			t.Fatal(err)
		}
		return ack
	}

	next := quizModal()
	next.Title = plain("Step 2")
	reply = slack.NewUpdateViewSubmissionResponse(&next)
	ack := sub(first.ID)
	var shown slack.ModalViewRequest
	if err := json.Unmarshal(ack.View, &shown); ack.ResponseAction != "update" || err != nil || shown.Title.Text != "Step 2" {
		t.Errorf("update ack = %+v (%v)", ack, err)
	}
	if v, _ := s.ViewByID(first.ID); v.Closed || v.Title != "Step 2" {
		t.Errorf("after update: %+v", v)
	}

	next.Title = plain("Step 3")
	reply = slack.NewPushViewSubmissionResponse(&next)
	if ack := sub(first.ID); ack.ResponseAction != "push" {
		t.Errorf("push ack = %+v", ack)
	}
	modals := s.Modals()
	if len(modals) != 2 || modals[1].Title != "Step 3" || modals[1].Closed || modals[0].Closed {
		t.Fatalf("after push: %+v", modals)
	}

	reply = slack.NewErrorsViewSubmissionResponse(map[string]string{"q": "Too short"})
	if ack := sub(modals[1].ID); ack.ResponseAction != "errors" || ack.Errors["q"] != "Too short" {
		t.Errorf("errors ack = %+v", ack)
	}

	reply = slack.NewClearViewSubmissionResponse()
	if ack := sub(modals[1].ID); ack.ResponseAction != "clear" {
		t.Errorf("clear ack = %+v", ack)
	}
	for _, m := range s.Modals() {
		if !m.Closed {
			t.Errorf("modal %s (%s) open after clear", m.ID, m.Title)
		}
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations = %+v", v)
	}
}

func TestViewClosedOnlyWithNotifyOnClose(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	got := make(chan slack.InteractionCallback, 1)
	b := startBot(t, s, func(evt socketmode.Event) (any, bool) {
		got <- evt.Data.(slack.InteractionCallback)
		return nil, true
	})
	ctx := ctxT(t)
	silent, err := b.api.OpenViewContext(ctx, s.NewTriggerID(ana), quizModal())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ViewClosed(ctx, ana, silent.ID); err == nil || !strings.Contains(err.Error(), "notify_on_close") {
		t.Errorf("closing a modal without notify_on_close: %v", err)
	}
	if v, _ := s.ViewByID(silent.ID); v.Closed {
		t.Error("a refused ViewClosed closed the modal")
	}
	req := quizModal()
	req.NotifyOnClose = true
	watched, err := b.api.OpenViewContext(ctx, s.NewTriggerID(ana), req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ViewClosed(ctx, bob, watched.ID); err == nil {
		t.Error("bob closed ana's modal")
	}
	if _, err := s.ViewClosed(ctx, ana, watched.ID); err != nil {
		t.Fatal(err)
	}
	cb := <-got
	if cb.Type != slack.InteractionTypeViewClosed || cb.View.ID != watched.ID || cb.View.CallbackID != "quiz_add" ||
		cb.User.ID != ana || cb.IsCleared {
		t.Errorf("view_closed = %+v", cb)
	}
	if v, _ := s.ViewByID(watched.ID); !v.Closed || !v.NotifyOnClose {
		t.Errorf("after view_closed: %+v", v)
	}
	if _, err := s.ViewClosed(ctx, ana, watched.ID); err == nil {
		t.Error("a closed modal was closed again")
	}
}

// TestSubmitAgainSendsTheSameViewTwice: a second click on Submit carries the
// same view ID and values under a new envelope ID.
func TestSubmitAgainSendsTheSameViewTwice(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	got := make(chan slack.InteractionCallback, 2)
	b := startBot(t, s, func(evt socketmode.Event) (any, bool) {
		got <- evt.Data.(slack.InteractionCallback)
		return nil, true
	})
	ctx := ctxT(t)
	view, err := b.api.OpenViewContext(ctx, s.NewTriggerID(ana), quizModal())
	if err != nil {
		t.Fatal(err)
	}
	first, second, err := s.SubmitAgain(ctx, ViewSubmission{UserID: ana, ViewID: view.ID,
		Values: map[string]map[string]StateValue{"q": {"q_in": {Value: "Why?"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if first.EnvelopeID == second.EnvelopeID {
		t.Errorf("both submissions came in envelope %s", first.EnvelopeID)
	}
	a, c := <-got, <-got
	if a.View.ID != view.ID || c.View.ID != view.ID || c.View.State.Values["q"]["q_in"].Value != "Why?" {
		t.Errorf("the second submission is not the same view: %s %s %+v", a.View.ID, c.View.ID, c.View.State)
	}
}
