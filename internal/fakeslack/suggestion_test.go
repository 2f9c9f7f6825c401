package fakeslack

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func option(value, text string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(text), nil)
}

// topicModal holds an external select that asks from the first character.
func topicModal() slack.ModalViewRequest {
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeExternal, plain("Pick a topic"), "topic_pick")
	one := 1
	sel.MinQueryLength = &one
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("Find a teacher"), Submit: plain("Ask"), CallbackID: "ask",
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewInputBlock("topic", plain("Topic"), nil, sel)}},
	}
}

func TestBlockSuggestionReturnsTheAppsOptions(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	got := make(chan slack.InteractionCallback, 1)
	var answer any
	b := startBot(t, s, func(evt socketmode.Event) (any, bool) {
		cb := evt.Data.(slack.InteractionCallback)
		if cb.Type == slack.InteractionTypeBlockSuggestion {
			got <- cb
		}
		return answer, true
	})
	ctx := ctxT(t)
	view, err := b.api.OpenViewContext(ctx, s.NewTriggerID(ana), topicModal())
	if err != nil {
		t.Fatal(err)
	}
	answer = slack.OptionsResponse{Options: []*slack.OptionBlockObject{option("go", "Go"), option("gql", "GraphQL")}}
	sg, err := s.BlockSuggestion(ctx, BlockSuggestion{UserID: ana, ViewID: view.ID, ActionID: "topic_pick", Value: "g"})
	if err != nil {
		t.Fatal(err)
	}
	cb := <-got
	if cb.ActionID != "topic_pick" || cb.BlockID != "topic" || cb.Value != "g" || cb.View.ID != view.ID ||
		cb.View.CallbackID != "ask" || cb.User.ID != ana || cb.Team.ID != DefaultTeamID || cb.Container.ViewID != view.ID {
		t.Errorf("block_suggestion as slack-go decodes it = %+v", cb)
	}
	want := []SelectOption{{Text: "Go", Value: "go"}, {Text: "GraphQL", Value: "gql"}}
	if fmt.Sprint(sg.Options) != fmt.Sprint(want) || sg.Latency <= 0 || sg.Ack.Type != "interactive" {
		t.Errorf("suggestion = %+v, want options %v", sg, want)
	}

	// Option groups, from a multi_external_select in a message (default
	// min_query_length 3).
	multi := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plain("Topics"), "topics_pick")
	_, ts, err := b.api.PostMessageContext(ctx, program, slack.MsgOptionText("Pick topics", false),
		slack.MsgOptionBlocks(slack.NewActionBlock("pick", multi)))
	if err != nil {
		t.Fatal(err)
	}
	answer = slack.OptionGroupsResponse{OptionGroups: []*slack.OptionGroupBlockObject{
		slack.NewOptionGroupBlockElement(plain("Languages"), option("go", "Go")),
		slack.NewOptionGroupBlockElement(plain("Databases"), option("sql", "SQL"), option("sqlite", "SQLite")),
	}}
	msgSuggest := BlockSuggestion{UserID: bob, ChannelID: program, MessageTS: ts, ActionID: "topics_pick", Value: "sq"}
	if _, err := s.BlockSuggestion(ctx, msgSuggest); err == nil || !strings.Contains(err.Error(), "min_query_length 3") {
		t.Errorf("2 characters typed with the default min_query_length: %v", err)
	}
	msgSuggest.Value = "sql"
	sg, err = s.BlockSuggestion(ctx, msgSuggest)
	if err != nil {
		t.Fatal(err)
	}
	cb = <-got
	if cb.Container.MessageTs != ts || cb.Channel.ID != program || cb.BlockID != "pick" || cb.Value != "sql" {
		t.Errorf("callback from a message = %+v", cb)
	}
	if len(sg.OptionGroups) != 2 || sg.OptionGroups[1].Label != "Databases" || len(sg.All()) != 3 || sg.All()[2].Value != "sqlite" {
		t.Errorf("option groups = %+v", sg.OptionGroups)
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations = %+v", v)
	}

	// No such element, or not an external select: Slack would never ask.
	for _, bad := range []BlockSuggestion{
		{UserID: ana, ViewID: view.ID, ActionID: "nope", Value: "g"},
		{UserID: ana, ViewID: "V0NOWHERE1", ActionID: "topic_pick", Value: "g"},
		{UserID: ana, ChannelID: program, MessageTS: s.Messages(program)[0].TS, ActionID: "pick", Value: "abc"},
	} {
		if _, err := s.BlockSuggestion(ctx, bad); err == nil {
			t.Errorf("%+v was sent", bad)
		}
	}
}

func TestBlockSuggestionRefusesWhatSlackRefuses(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	var answer any
	b := startBot(t, s, func(socketmode.Event) (any, bool) { return answer, true })
	ctx := ctxT(t)
	view, err := b.api.OpenViewContext(ctx, s.NewTriggerID(ana), topicModal())
	if err != nil {
		t.Fatal(err)
	}
	many := []*slack.OptionBlockObject{}
	for i := range 101 {
		many = append(many, option(fmt.Sprint(i), fmt.Sprint("topic ", i)))
	}
	for _, tc := range []struct {
		name   string
		answer any
		want   string // in the detail; "" for an accepted answer
	}{
		{"100 options", slack.OptionsResponse{Options: many[:100]}, ""},
		{"101 options", slack.OptionsResponse{Options: many}, "101 options, at most 100"},
		{"75-character text", slack.OptionsResponse{Options: []*slack.OptionBlockObject{option("v", strings.Repeat("é", 75))}}, ""},
		{"76-character text", slack.OptionsResponse{Options: []*slack.OptionBlockObject{option("v", strings.Repeat("é", 76))}}, "options[0].text: 76 characters"},
		{"151-character value", slack.OptionsResponse{Options: []*slack.OptionBlockObject{option(strings.Repeat("v", 151), "t")}}, "options[0].value: 151 characters"},
		{"empty text", slack.OptionsResponse{Options: []*slack.OptionBlockObject{option("v", "")}}, "options[0].text: 0 characters"},
		{"mrkdwn text", slack.OptionsResponse{Options: []*slack.OptionBlockObject{
			slack.NewOptionBlockObject("v", slack.NewTextBlockObject("mrkdwn", "*Go*", false, false), nil)}}, "want plain_text"},
		{"long group label", slack.OptionGroupsResponse{OptionGroups: []*slack.OptionGroupBlockObject{
			slack.NewOptionGroupBlockElement(plain(strings.Repeat("x", 76)), option("v", "t"))}}, "option_groups[0].label"},
	} {
		answer = tc.answer
		before := len(s.Violations())
		sg, err := s.BlockSuggestion(ctx, BlockSuggestion{UserID: ana, ViewID: view.ID, ActionID: "topic_pick", Value: "t"})
		var be *BlockError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (!errors.As(err, &be) || be.Code != "invalid_options" || !strings.Contains(be.Detail, tc.want)):
			t.Errorf("%s: err = %v, want invalid_options with %q", tc.name, err, tc.want)
		case tc.want != "" && len(s.Violations()) != before+1:
			t.Errorf("%s: no violation recorded", tc.name)
		case tc.want != "" && len(sg.All()) == 0:
			t.Errorf("%s: the refused options were not decoded for the test", tc.name)
		}
	}
}
