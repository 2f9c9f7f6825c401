package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// adversarialSkill is the i-th of many distinct skill names of exactly 40
// characters that try to break out of Block Kit: mentions, markup, emoji,
// right-to-left text.
func adversarialSkill(i int) string {
	heads := []string{"<!channel>", "*bold*_x_~y~", "`code`&amp;", "שלום عالم 🎉🧠", "<@U0BOB00001|bob>"}
	s := fmt.Sprintf("%s %03d ", heads[i%len(heads)], i)
	for utf8.RuneCountInString(s) < 40 {
		s += "é"
	}
	return s
}

// slackEscape escapes text as Slack does in a slash command.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// checkLimits fails the test for any Block Kit limit the fake does not
// check itself: options per menu, option texts and values, and user text
// that became live markup in mrkdwn.
func checkLimits(t *testing.T, where string, raw json.RawMessage) {
	t.Helper()
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if x["type"] == "mrkdwn" {
				if s, _ := x["text"].(string); strings.Contains(s, "<!") || strings.Contains(s, "<@U0BOB00001|") {
					t.Errorf("%s %s: typed text became live markup: %.200q", where, path, s)
				}
			}
			if opts, ok := x["options"].([]any); ok && len(opts) > 100 {
				t.Errorf("%s %s: %d options, Slack allows 100", where, path, len(opts))
			}
			for _, k := range []string{"initial_option", "initial_options", "options"} {
				var list []any
				switch o := x[k].(type) {
				case []any:
					list = o
				case map[string]any:
					list = []any{o}
				}
				for _, o := range list {
					m, _ := o.(map[string]any)
					txt, _ := m["text"].(map[string]any)
					s, _ := txt["text"].(string)
					val, _ := m["value"].(string)
					if n := utf8.RuneCountInString(s); n == 0 || n > 75 {
						t.Errorf("%s %s.%s: option text of %d characters", where, path, k, n)
					}
					if n := utf8.RuneCountInString(val); n > 150 {
						t.Errorf("%s %s.%s: option value of %d characters", where, path, k, n)
					}
				}
			}
			for k, e := range x {
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	walk("", v)
}

func TestViewsStayInsideBlockKitLimits(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("creates 100 programs and 500 skills")
	}
	viewsStayInsideLimits(t, "en-US", limitWords{"You can teach", "You want to learn", "You work in", "is now a learning program",
		"Programs (only admins see this)", "90 more programs", "Round preview", "Send intros", "Report: #learning", "Skills in #learning", "Trends: #learning"})
}

// TestViewsStayInsideBlockKitLimitsInGerman: the same in German, which
// runs longer, for German members and a German admin.
func TestViewsStayInsideBlockKitLimitsInGerman(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("creates 100 programs and 500 skills")
	}
	viewsStayInsideLimits(t, "de-DE", limitWords{"Du kannst beibringen", "Du möchtest lernen", "Du arbeitest in", "ist jetzt ein Lernprogramm",
		"Programme (nur Admins sehen das)", "90 weitere Programme", "Vorschau der Runde", "Intros senden", "Bericht: #learning", "Fähigkeiten in #learning", "Trends: #learning"})
}

// limitWords are how the replies of viewsStayInsideLimits begin or what
// they hold, in the language under test.
type limitWords struct {
	teach, learn, location, added, adminHome, morePrograms, preview, send, report, skills, trends string
}

// viewsStayInsideLimits fills a workspace of people whose Slack is set to
// locale (the admin's too) with the most and the most hostile profiles,
// and checks every view and message tandem shows them; w says what the
// replies hold in that language.
func viewsStayInsideLimits(t *testing.T, locale string, w limitWords) {
	opts := newcomers()
	opts.people = append(opts.people, fakeslack.User{ID: admin, Name: "hr", RealName: "Hanna Ruiz", TZ: "Europe/Berlin", Locale: locale})
	const people = 25
	for i := range people {
		u := fakeslack.User{ID: fmt.Sprintf("U0LIM%05d", i), Name: fmt.Sprintf("lim%d", i), TZ: "Europe/Berlin", Locale: locale}
		opts.people = append(opts.people, u)
		opts.members = append(opts.members, u.ID)
	}
	a := startApp(t, opts)
	ctx := ctx10(t)
	where := slackEscape(strings.Repeat("<!here> *Ber*lin_ ", 6)[:100])
	for i := range people {
		var skills []string
		for j := range 20 {
			skills = append(skills, slackEscape(adversarialSkill(i*20+j)))
		}
		user := opts.members[i]
		mustContain(t, a.reply(user, program, "teach "+strings.Join(skills, ", ")), w.teach)
		mustContain(t, a.reply(user, program, "learn "+strings.Join(skills[:10], ", ")), w.learn)
		mustContain(t, a.reply(user, program, "location "+where), w.location)
	}
	mustContain(t, a.reply(wsAdmin, general, "teach "+slackEscape(adversarialSkill(0))), "You can teach")
	for i := 1; i < 100; i++ {
		id := fmt.Sprintf("C0MANY%04d", i)
		a.fake.AddChannel(id, fmt.Sprintf("x_%d*~", i), admin, a.fake.BotUserID())
		mustContain(t, a.reply(admin, general, fmt.Sprintf("program add <#%s|x_%d*~>", id, i)), w.added)
	}

	// The admin's and a member's App Home, the Settings and profile forms.
	mustContain(t, a.home(admin), w.adminHome, w.morePrograms)
	a.home(opts.members[0])
	a.homeButton(admin, "admin_settings", "admin_program_0", "")
	a.lastModal(admin, "admin_settings_form")
	a.homeButton(admin, "admin_settings_pick", "admin_pick", "program:C0MANY0099")
	a.homeButton(opts.members[0], "onboard_edit", "home_mine", "")
	form := a.lastModal(opts.members[0], "onboard_profile_form")
	for _, typed := range []string{"0", "<", "é", "ש", strings.Repeat("x", 300)} {
		if _, err := a.fake.BlockSuggestion(ctx, fakeslack.BlockSuggestion{UserID: opts.members[0], ViewID: form.ID, BlockID: "profile_teach", ActionID: "onboard_skills", Value: typed}); err != nil {
			t.Errorf("skill suggestions for %.20q: %v", typed, err)
		}
		if _, err := a.fake.BlockSuggestion(ctx, fakeslack.BlockSuggestion{UserID: opts.members[0], ViewID: form.ID, BlockID: "profile_location", ActionID: "onboard_location", Value: typed}); err != nil {
			t.Errorf("location suggestions for %.20q: %v", typed, err)
		}
	}
	if t.Failed() {
		t.Fatalf("logs:\n%s", a.logs.String()[max(0, len(a.logs.String())-6000):])
	}
	ack := a.submitForm(opts.members[0], form.ID, nil)
	if ack.ResponseAction != "update" {
		t.Errorf("submitting the prefilled form unchanged: %q %v", ack.ResponseAction, ack.Errors)
	}

	// The round preview, and Run a round now in the App Home.
	mustContain(t, a.reply(admin, general, "match <#C0LEARN001|learning> preview"), w.preview)
	a.homeButton(admin, "admin_run", "admin_program_0", "")
	a.waitFor("the preview modal", func() bool {
		v, _ := a.fake.ViewByID(a.lastModal(admin, "admin_preview_view").ID)
		return strings.Contains(v.AllText(), w.send)
	})

	// The admin's views: the program list, the report, skills and trends.
	for cmd, want := range map[string]string{"program list": "<#C0MANY0001>", "report <#C0LEARN001|learning>": w.report,
		"report skills <#C0LEARN001|learning>": w.skills, "report trends <#C0LEARN001|learning>": w.trends} {
		ack := a.slash(admin, general, cmd)
		mustContain(t, fakeslack.Message{Text: ack.Text, Blocks: ack.Blocks}.AllText(), want)
		if len(ack.Blocks) > 0 {
			checkLimits(t, cmd, ack.Blocks)
		}
	}

	// Welcomes, long and short.
	a.fake.AddChannel("C0MANYWELC", "welcome", admin, a.fake.BotUserID())
	if _, err := a.fake.MemberJoined(ctx, zoe, program, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := a.fake.MemberJoined(ctx, wsAdmin, program, ""); err != nil {
		t.Fatal(err)
	}
	a.waitFor("two welcomes", func() bool { return len(a.dmMessages(zoe)) == 1 && len(a.dmMessages(wsAdmin)) == 1 })

	a.noViolations()
	for _, v := range a.fake.Modals() {
		checkLimits(t, "modal "+v.CallbackID, v.Raw)
	}
	for _, u := range []string{admin, opts.members[0]} {
		v, _ := a.fake.HomeView(u)
		checkLimits(t, "home of "+u, v.Raw)
	}
	for _, m := range a.fake.AllMessages() {
		if len(m.Blocks) > 0 {
			checkLimits(t, "message in "+m.Channel, m.Blocks)
		}
	}
	for _, ack := range a.fake.Acks() {
		if len(ack.Payload) > 0 && ack.Type == "interactive" {
			checkLimits(t, "ack", ack.Payload)
		}
	}
}
