package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// Onboarding end to end (issue 15): the welcome, the profile form, the App
// Home's actions and the round preview, through the fake Slack.

const (
	zoe     = "U0ZOE00001" // joins the program channel during the test
	pollbot = "U0POLLBOT1"
)

func newcomers() options {
	return options{people: []fakeslack.User{
		{ID: zoe, Name: "zoe", RealName: "Zoe Park", TZ: "Europe/Berlin"},
		{ID: pollbot, Name: "pollbot", IsBot: true},
	}}
}

func ctx10(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// dmMessages are the messages tandem posted in its DM with user.
func (a *testApp) dmMessages(user string) []fakeslack.Message {
	return a.fake.Messages(a.fake.DMChannel(user))
}

// waitLog waits until the logs hold a line with every one of parts.
func (a *testApp) waitLog(parts ...string) {
	a.t.Helper()
	a.waitFor(strings.Join(parts, " "), func() bool {
		for _, line := range strings.Split(a.logs.String(), "\n") {
			all := true
			for _, p := range parts {
				all = all && strings.Contains(line, p)
			}
			if all {
				return true
			}
		}
		return false
	})
}

// lastModal returns the newest modal opened for user, with updates applied.
func (a *testApp) lastModal(user, callback string) fakeslack.View {
	a.t.Helper()
	var found fakeslack.View
	a.waitFor("modal "+callback, func() bool {
		ms := a.fake.Modals()
		for i := len(ms) - 1; i >= 0; i-- {
			if ms[i].UserID == user && ms[i].CallbackID == callback {
				found = ms[i]
				return true
			}
		}
		return false
	})
	v, _ := a.fake.ViewByID(found.ID)
	return v
}

func (a *testApp) submitForm(user, viewID string, values map[string]map[string]fakeslack.StateValue) fakeslack.Ack {
	a.t.Helper()
	ack, err := a.fake.ViewSubmission(ctx10(a.t), fakeslack.ViewSubmission{UserID: user, ViewID: viewID, Values: values})
	if err != nil {
		a.t.Fatalf("submitting %s: %v", viewID, err)
	}
	a.handled(ack.EnvelopeID)
	return ack
}

func (a *testApp) home(user string) string {
	a.t.Helper()
	before, _ := a.fake.HomeView(user)
	if _, err := a.fake.AppHomeOpened(ctx10(a.t), user); err != nil {
		a.t.Fatal(err)
	}
	var v fakeslack.View
	a.waitFor("the home tab of "+user, func() bool {
		var ok bool
		v, ok = a.fake.HomeView(user)
		return ok && v.Hash != before.Hash
	})
	return v.AllText()
}

func profileValues(teach []string, newTeach string, learn []string, newLearn, mode, location string) map[string]map[string]fakeslack.StateValue {
	if teach == nil {
		teach = []string{}
	}
	if learn == nil {
		learn = []string{}
	}
	return map[string]map[string]fakeslack.StateValue{
		"profile_teach":     {"onboard_skills": {SelectedOptions: teach}},
		"profile_new_teach": {"text": {Value: newTeach}},
		"profile_learn":     {"onboard_skills": {SelectedOptions: learn}},
		"profile_new_learn": {"text": {Value: newLearn}},
		"profile_mode":      {"mode": {SelectedOption: mode}},
		"profile_location":  {"onboard_location": {SelectedOption: location}},
	}
}

func TestWelcomeOnceThenProfileForm(t *testing.T) {
	t.Parallel()
	a := startApp(t, newcomers())
	ctx := ctx10(t)
	a.reply(ana, program, "teach go, sql")

	// A bot joining gets nothing.
	if _, err := a.fake.MemberJoined(ctx, pollbot, program, ""); err != nil {
		t.Fatal(err)
	}
	a.waitLog("no welcome: not a person", pollbot)

	if _, err := a.fake.MemberJoined(ctx, zoe, program, ""); err != nil {
		t.Fatal(err)
	}
	a.waitFor("the welcome DM", func() bool { return len(a.dmMessages(zoe)) == 1 })
	welcome := a.dmMessages(zoe)[0]
	mustContain(t, welcome.AllText(), "Welcome to <#C0LEARN001>", "learning program", "Rounds run every week, on Monday at 09:00 (UTC time)",
		"the next one is on *Mon", "Set up my profile", "Not now")

	// Leaving and joining again brings no second welcome.
	if _, err := a.fake.MemberLeft(ctx, zoe, program); err != nil {
		t.Fatal(err)
	}
	if _, err := a.fake.MemberJoined(ctx, zoe, program, ""); err != nil {
		t.Fatal(err)
	}
	a.waitLog("no welcome: welcomed before", zoe)
	if n := len(a.dmMessages(zoe)); n != 1 {
		t.Errorf("%d welcome DMs after leaving and joining again, want 1", n)
	}
	for _, m := range a.fake.AllMessages() {
		if strings.Contains(m.Text, "Welcome") && m.Channel != a.fake.DMChannel(zoe) {
			t.Errorf("a welcome reached %s: %s", m.Channel, m.Text)
		}
	}

	// Set up my profile opens the form.
	a.press(zoe, welcome, "onboard_profile", "")
	form := a.lastModal(zoe, "onboard_profile_form")
	mustContain(t, form.AllText(), "I can teach", "I want to learn", "Other skills I can teach", "How I meet partners", "Where I work")

	// Suggestions for a prefix: the known skills, with counts.
	sg, err := a.fake.BlockSuggestion(ctx, fakeslack.BlockSuggestion{UserID: zoe, ViewID: form.ID, BlockID: "profile_teach", ActionID: "onboard_skills", Value: "G"})
	if err != nil {
		t.Fatal(err)
	}
	if opts := sg.All(); len(opts) == 0 || opts[0].Value != "go" || !strings.Contains(opts[0].Text, "1 teach, 0 want to learn") {
		t.Errorf("suggestions for G = %+v, want go first with its counts", opts)
	}

	// A 41-character skill: the error beside its field, nothing saved.
	long := strings.Repeat("x", 41)
	ack := a.submitForm(zoe, form.ID, profileValues([]string{"go"}, long, nil, "kubernetes", "remote", ""))
	if ack.ResponseAction != "errors" || !strings.Contains(ack.Errors["profile_new_teach"], "at most 40 characters") {
		t.Fatalf("41-character skill: ack %q %v, want the error beside the field", ack.ResponseAction, ack.Errors)
	}
	mustContain(t, a.reply(zoe, program, "profile"), "Can teach:* _nothing yet_", "Wants to learn:* _nothing yet_")

	// A good one saves it all and redraws the App Home.
	ack = a.submitForm(zoe, form.ID, profileValues([]string{"go"}, "Rust", nil, "kubernetes, sql", "onsite", "Lisbon"))
	if ack.ResponseAction != "update" || !strings.Contains(string(ack.View), "Profile saved") {
		t.Fatalf("good submission: ack %q %v %s", ack.ResponseAction, ack.Errors, ack.View)
	}
	mustContain(t, a.reply(zoe, program, "profile"), "Can teach:* go, rust", "Wants to learn:* kubernetes, sql", "on-site only, works in Lisbon")
	v, ok := a.fake.HomeView(zoe)
	if !ok {
		t.Fatal("no App Home published after the form")
	}
	mustContain(t, v.AllText(), "go, rust", "kubernetes, sql", "Edit profile", "Next quiz question", "Add a topic")

	// The form opens prefilled from `profile edit`.
	mustContain(t, a.reply(zoe, program, "profile edit"), "profile form is open")
	again := a.lastModal(zoe, "onboard_profile_form")
	if again.ID == form.ID {
		t.Fatal("profile edit opened no new form")
	}
	var blocks []struct {
		BlockID string `json:"block_id"`
		Element struct {
			InitialOptions []struct{ Value string } `json:"initial_options"`
			InitialOption  *struct{ Value string }  `json:"initial_option"`
		} `json:"element"`
	}
	if err := json.Unmarshal(again.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, b := range blocks {
		var vals []string
		for _, o := range b.Element.InitialOptions {
			vals = append(vals, o.Value)
		}
		if b.Element.InitialOption != nil {
			vals = append(vals, b.Element.InitialOption.Value)
		}
		got[b.BlockID] = strings.Join(vals, ",")
	}
	want := map[string]string{"profile_teach": "go,rust", "profile_learn": "kubernetes,sql", "profile_mode": "onsite", "profile_location": "Lisbon"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("prefilled %s = %q, want %q", k, got[k], w)
		}
	}

	// Someone with a profile gets the shorter welcome.
	if _, err := a.fake.MemberJoined(ctx, admin, program, ""); err != nil {
		t.Fatal(err)
	}
	a.reply(wsAdmin, general, "teach go")
	if _, err := a.fake.MemberJoined(ctx, wsAdmin, program, ""); err != nil {
		t.Fatal(err)
	}
	a.waitFor("the short welcome", func() bool { return len(a.dmMessages(wsAdmin)) == 1 && len(a.dmMessages(admin)) == 1 })
	short, long2 := a.dmMessages(wsAdmin)[0].AllText(), a.dmMessages(admin)[0].AllText()
	mustContain(t, short, "Your profile already says", "go", "Edit my profile")
	if len(short) >= len(long2) {
		t.Errorf("the welcome of someone with a profile is not shorter:\n%s\n---\n%s", short, long2)
	}
	a.noViolations()
}

func TestProfileFormNotNow(t *testing.T) {
	t.Parallel()
	a := startApp(t, newcomers())
	if _, err := a.fake.MemberJoined(ctx10(t), zoe, program, ""); err != nil {
		t.Fatal(err)
	}
	a.waitFor("the welcome DM", func() bool { return len(a.dmMessages(zoe)) == 1 })
	a.press(zoe, a.dmMessages(zoe)[0], "onboard_later", "")
	a.waitFor("not now", func() bool {
		m := a.dmMessages(zoe)
		return len(m) == 1 && strings.Contains(m[0].AllText(), "No problem")
	})
	a.noViolations()
}

// homeButton clicks an element of user's App Home.
func (a *testApp) homeButton(user, actionID, blockID, value string) {
	a.t.Helper()
	v, ok := a.fake.HomeView(user)
	if !ok {
		a.t.Fatalf("no home tab for %s", user)
	}
	ack, err := a.fake.BlockAction(ctx10(a.t), fakeslack.BlockAction{UserID: user, ViewID: v.ID, ActionID: actionID, BlockID: blockID, Value: value})
	if err != nil {
		a.t.Fatalf("%s clicking %s in the home tab: %v", user, actionID, err)
	}
	a.handled(ack.EnvelopeID)
}

func TestAdminSettingsFromTheHomeTab(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	a.skills(anaAndBob)

	mine := a.home(ana)
	mustContain(t, mine, "Edit profile", "Next quiz question")
	for _, admin := range []string{"only admins see this", "Settings", "Run a round now"} {
		if strings.Contains(mine, admin) {
			t.Errorf("a non-admin's home tab shows %q", admin)
		}
	}
	mustContain(t, a.home(admin), "Programs (only admins see this)", "<#C0LEARN001>", "groups of 2", "Next round: Mon", "Settings", "Run a round now")

	a.homeButton(admin, "admin_settings", "admin_program_0", "")
	form := a.lastModal(admin, "admin_settings_form")
	mustContain(t, form.AllText(), "0 9 * * MON", "Next: Mon", "(UTC)", "group_size", "avoid_repeats", "timezone", "checkin", "marketplace", "agenda")

	// A bad cron spec: the error beside it, nothing changed.
	bad := map[string]map[string]fakeslack.StateValue{"setting_match": {"text": {Value: "61 * * * *"}}, "setting_group_size": {"text": {Value: "3"}}}
	ack := a.submitForm(admin, form.ID, bad)
	if ack.ResponseAction != "errors" || ack.Errors["setting_match"] == "" {
		t.Fatalf("bad spec: ack %q %v, want an error beside match", ack.ResponseAction, ack.Errors)
	}
	mustContain(t, a.reply(admin, general, "program list"), "groups of 2, matched `0 9 * * MON`")

	// A good one takes effect without a restart: rounds come every 2 s.
	ack = a.submitForm(admin, form.ID, map[string]map[string]fakeslack.StateValue{"setting_match": {"text": {Value: "@every 2s"}}})
	if ack.ResponseAction != "update" || !strings.Contains(string(ack.View), "take effect now") {
		t.Fatalf("good settings: ack %q %v %s", ack.ResponseAction, ack.Errors, ack.View)
	}
	mustContain(t, a.reply(admin, general, "program list"), "matched `@every 2s`")
	a.waitFor("a scheduled round's intro", func() bool { return introCount(a) >= 1 })

	// Forged admin actions from someone else change nothing.
	a.click(ana, fakeslack.Message{Channel: general, TS: "1700000000.000100"}, "admin_run", "admin_program_0", "program:C0LEARN001")
	a.click(ana, fakeslack.Message{Channel: general, TS: "1700000000.000101"}, "admin_settings", "admin_program_0", "program:C0LEARN001")
	a.waitFor("the refusals", func() bool { return len(a.notices(general, ana)) == 2 })
	for _, n := range a.notices(general, ana) {
		mustContain(t, n, "Only tandem admins")
	}
	forged, err := a.fake.ViewSubmission(ctx10(t), fakeslack.ViewSubmission{UserID: ana, CallbackID: "admin_settings_form", PrivateMetadata: program,
		Values: map[string]map[string]fakeslack.StateValue{"setting_match": {"text": {Value: "@every 1s"}}, "setting_group_size": {"text": {Value: "5"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if forged.ResponseAction != "errors" {
		t.Errorf("a forged settings form was accepted: %q", forged.ResponseAction)
	}
	mustContain(t, a.reply(admin, general, "program list"), "groups of 2, matched `@every 2s`")
	for _, m := range a.fake.Modals() {
		if m.UserID == ana && (m.CallbackID == "admin_settings_form" || m.CallbackID == "admin_preview_view") {
			t.Errorf("a non-admin got the admin form %s", m.CallbackID)
		}
	}
	a.noViolations()
}

// sixNewcomers are six people without profiles in the program channel, so
// that several groupings are equally good and the seed decides.
func sixNewcomers() options {
	var o options
	for i := range 6 {
		u := fakeslack.User{ID: fmt.Sprintf("U0SIX0000%d", i), Name: fmt.Sprintf("six%d", i), TZ: "Europe/Berlin"}
		o.people = append(o.people, u)
		o.members = append(o.members, u.ID)
	}
	return o
}

// previewGroups reads the groups a preview message shows, one line each.
func previewGroups(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "*") && strings.Contains(line, ".* <@") {
			_, rest, _ := strings.Cut(line, ".* ")
			who, _, _ := strings.Cut(rest, ": score")
			out = append(out, who)
		}
	}
	return out
}

func previewSeed(text string) string {
	_, rest, _ := strings.Cut(text, "(seed ")
	seed, _, _ := strings.Cut(rest, ")")
	return seed
}

func TestPreviewReshuffleSendOnce(t *testing.T) {
	t.Parallel()
	a := startApp(t, sixNewcomers())
	got := a.reply(admin, general, "match <#C0LEARN001|learning> preview")
	mustContain(t, got, "Round preview for <#C0LEARN001>", "3 groups from 6 participants", "Proven the best possible grouping.", "score", "Nothing is sent until", "Send intros", "Reshuffle", "Cancel")
	if introCount(a) != 0 {
		t.Fatal("a preview sent intros")
	}
	msg := a.fake.Messages(general)[len(a.fake.Messages(general))-1]
	first := previewGroups(msg.AllText())
	if len(first) != 3 {
		t.Fatalf("preview shows %v", first)
	}

	a.press(admin, msg, "admin_preview_reshuffle", "")
	var shuffled fakeslack.Message
	a.waitFor("the reshuffled preview", func() bool {
		shuffled = a.message(general, msg.TS)
		return previewSeed(shuffled.AllText()) != previewSeed(msg.AllText())
	})
	second := previewGroups(shuffled.AllText())
	if strings.Join(second, ";") == strings.Join(first, ";") {
		t.Errorf("Reshuffle gave the same grouping with another seed: %v", second)
	}

	// Two clicks on Send intros: one round, exactly the previewed groups.
	// The second click comes from the same buttons before the message is
	// replaced, as a quick double click does.
	value := ""
	for _, e := range shuffled.Elements() {
		if e.ActionID == "admin_preview_send" {
			value = e.Value
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.click(admin, fakeslack.Message{Channel: general, TS: "1700000000.000200"}, "admin_preview_send", "preview_actions", value)
	}()
	a.press(admin, shuffled, "admin_preview_send", "")
	<-done
	a.waitFor("3 intros", func() bool { return introCount(a) >= 3 })
	a.waitFor("the answer to the second click", func() bool {
		return strings.Contains(strings.Join(a.notices(general, admin), "\n"), "Already sent") ||
			strings.Contains(a.message(general, msg.TS).AllText(), "Already sent")
	})
	dms := groupDMs(a)
	if len(dms) != 3 {
		t.Fatalf("%d groups got intros, want 3", len(dms))
	}
	for _, members := range dms {
		found := false
		for _, g := range second {
			all := true
			for _, m := range members {
				all = all && strings.Contains(g, "<@"+m+">")
			}
			found = found || all
		}
		if !found {
			t.Errorf("group %v was not in the preview %v", members, second)
		}
	}
	mustContain(t, a.reply(admin, general, "report <#C0LEARN001|learning>"), "*Rounds run:* 1\n")
	// The round sent keeps the preview's certificate.
	a.waitFor("the summary", func() bool { return len(a.fake.Messages(a.fake.DMChannel(admin))) > 0 })
	mustContain(t, a.fake.Messages(a.fake.DMChannel(admin))[0].AllText(), "Proven the best possible grouping.")
	a.noViolations()
}

func TestPreviewSentAfterAMemberLeftIsRechecked(t *testing.T) {
	t.Parallel()
	a := startApp(t, sixNewcomers())
	a.reply(admin, general, "match <#C0LEARN001|learning> preview")
	msg := a.fake.Messages(general)[len(a.fake.Messages(general))-1]
	if _, err := a.fake.MemberLeft(ctx10(t), "U0SIX00003", program); err != nil {
		t.Fatal(err)
	}
	a.press(admin, msg, "admin_preview_send", "")
	var now string
	a.waitFor("the re-check", func() bool {
		now = a.message(general, msg.TS).AllText()
		return strings.Contains(now, "Not sent")
	})
	mustContain(t, now, "<@U0SIX00003> no longer takes part", "fresh preview", "from 5 participants", "Send intros")
	if introCount(a) != 0 {
		t.Error("a stale preview sent intros")
	}
	a.noViolations()
}

func TestHomeTabActionsForEveryone(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	a.skills(anaAndBob)
	a.round(1)
	home := a.home(ana)
	mustContain(t, home, "Edit profile", "Pause", "Next quiz question", "Add a topic", "Group DM in #learning")

	a.homeButton(ana, "onboard_pause", "home_mine", "2")
	a.waitFor("the paused home", func() bool {
		v, _ := a.fake.HomeView(ana)
		return strings.Contains(v.AllText(), "paused until") && strings.Contains(v.AllText(), "Resume")
	})
	mustContain(t, a.reply(ana, program, "profile"), "paused until")
	a.homeButton(ana, "onboard_resume", "home_mine", "")
	a.waitFor("the resumed home", func() bool {
		v, _ := a.fake.HomeView(ana)
		return strings.Contains(v.AllText(), "taking part in rounds")
	})

	a.homeButton(ana, "onboard_next_quiz", "home_mine", "")
	a.waitFor("the quiz DM", func() bool {
		m := a.dmMessages(ana)
		return len(m) > 0 && strings.Contains(m[len(m)-1].AllText(), "No quiz questions are waiting")
	})

	a.homeButton(ana, "onboard_edit", "home_mine", "")
	a.lastModal(ana, "onboard_profile_form")
	a.homeButton(ana, "market_add", "home_mine", "")
	a.lastModal(ana, "market_topic")
	a.noViolations()
}
