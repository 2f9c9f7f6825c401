package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// Follow-through end to end, continued: ghosts, the App Home and its
// forms, and `forget me`.

func TestFollowThroughGhostsArePausedAndKeptIn(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{members: []string{ana, bob}})
	for round := range 3 {
		mustContain(t, a.reply(admin, general, "match <#C0LEARN001|learning>"), "1 group matched")
		a.waitFor("the intro", func() bool { return introCount(a) == round+1 })
		if round == 1 {
			a.reply(ana, program, "note ana keeps showing up") // ana is not silent
		}
	}
	// Three silent rounds for bob: the fourth leaves him out, paused.
	got := a.reply(admin, general, "match <#C0LEARN001|learning>")
	mustContain(t, got, "0 groups matched")
	bobDM := a.fake.DMChannel(bob)
	a.waitFor("bob's ghost DM", func() bool { return len(a.fake.Messages(bobDM)) > 0 })
	dm := a.fake.Messages(bobDM)[0]
	mustContain(t, dm.AllText(), "quiet in <#C0LEARN001> for 3 rounds", "Keep me in", "/tandem resume")
	mustContain(t, a.reply(bob, program, "profile"), "paused until you `resume`")
	report := a.reply(admin, general, "report <#C0LEARN001|learning>")
	mustContain(t, report, "Paused for not answering 3 rounds in a row:* fewer than 5")
	if strings.Contains(report, bob) {
		t.Errorf("the report names a ghost:\n%s", report)
	}
	for _, m := range a.fake.Messages(a.fake.DMChannel(ana)) {
		if strings.Contains(m.AllText(), "Keep me in") {
			t.Errorf("ana, who wrote a note, was told she is a ghost: %s", m.AllText())
		}
	}

	first := a.press(bob, dm, "tandem_keep", "")
	dm = a.fake.Messages(bobDM)[0]
	mustContain(t, dm.AllText(), "Welcome back!", "next round of <#C0LEARN001>")
	if !dm.Updated || len(dm.Elements()) != 0 {
		t.Errorf("the ghost DM kept its button: %+v", dm.Elements())
	}
	again, err := a.fake.Redeliver(t.Context(), first.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	a.handled(again.EnvelopeID)
	mustContain(t, a.reply(bob, program, "profile"), "taking part in rounds")
	mustContain(t, a.reply(admin, general, "match <#C0LEARN001|learning>"), "1 group matched", "<@U0BOB00001>")
	a.noViolations()
}

func TestAppHomeShowsEverythingAndOpensForms(t *testing.T) {
	t.Parallel()
	a, ab, _ := pairUp(t, options{})
	a.reply(ana, ab, "note read the GC chapter together")
	a.reply(ana, ab, "quiz add What does GC stand for? | Go Compiler | *Garbage Collector")
	a.reply(bob, ab, "quiz answer 1 2")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := a.fake.AppHomeOpened(ctx, bob); err != nil {
		t.Fatal(err)
	}
	var home fakeslack.View
	a.waitFor("bob's home", func() bool {
		var ok bool
		home, ok = a.fake.HomeView(bob)
		return ok
	})
	mustContain(t, home.AllText(), "Your tandem", "Can teach:* kubernetes", "Your partners", "<@U0ANA00001> can teach <@U0BOB00001> *go*",
		"Latest notes", "read the GC chapter together", "1 answered, 1 right", "Coming up", "next round", "Add a note", "Add a quiz question")

	// The home's "Add a note" opens the form; its submission saves the note.
	modals := len(a.fake.Modals())
	if _, err := a.fake.BlockAction(ctx, fakeslack.BlockAction{UserID: bob, ViewID: home.ID, ActionID: "home_note"}); err != nil {
		t.Fatal(err)
	}
	a.waitFor("the note form", func() bool { return len(a.fake.Modals()) > modals })
	form := a.fake.Modals()[len(a.fake.Modals())-1]
	ack, err := a.fake.ViewSubmission(ctx, fakeslack.ViewSubmission{UserID: bob, ViewID: form.ID,
		Values: map[string]map[string]fakeslack.StateValue{"note_text": {"value": {Value: "bob wrote this in the form"}}}})
	if err != nil || ack.ResponseAction != "update" {
		t.Fatalf("note form: %+v, %v", ack, err)
	}
	a.handled(ack.EnvelopeID)
	mustContain(t, a.reply(ana, ab, "notes"), "bob wrote this in the form", "2 notes")
	home, _ = a.fake.HomeView(bob)
	mustContain(t, home.AllText(), "bob wrote this in the form")

	// `quiz new` opens the question form; mistakes keep it open, named.
	mustContain(t, a.reply(ana, ab, "quiz new"), "form is open")
	form = a.fake.Modals()[len(a.fake.Modals())-1]
	values := map[string]map[string]fakeslack.StateValue{
		"quiz_text":     {"value": {Value: "Which keyword starts a goroutine?"}},
		"quiz_option_1": {"value": {Value: "go"}},
	}
	ack, err = a.fake.ViewSubmission(ctx, fakeslack.ViewSubmission{UserID: ana, ViewID: form.ID, Values: values})
	if err != nil || ack.ResponseAction != "errors" || ack.Errors["quiz_option_2"] == "" || ack.Errors["quiz_right"] == "" {
		t.Fatalf("incomplete question: %+v, %v", ack, err)
	}
	a.handled(ack.EnvelopeID)
	values["quiz_option_2"] = map[string]fakeslack.StateValue{"value": {Value: "defer"}}
	values["quiz_right"] = map[string]fakeslack.StateValue{"value": {SelectedOption: "1"}}
	ack, err = a.fake.ViewSubmission(ctx, fakeslack.ViewSubmission{UserID: ana, ViewID: form.ID, Values: values})
	if err != nil || ack.ResponseAction != "update" {
		t.Fatalf("complete question: %+v, %v", ack, err)
	}
	a.handled(ack.EnvelopeID)
	mustContain(t, a.reply(bob, ab, "quiz"), "Which keyword starts a goroutine?", "1. go", "2. defer")
	a.noViolations()
}

// TestForgetMeDeletesFollowThrough: after `forget me`, no row holds the
// person's ID, their partner keeps their own notes, and the confirmation
// counts what went.
func TestForgetMeDeletesFollowThrough(t *testing.T) {
	t.Parallel()
	a, ab, _ := pairUp(t, options{})
	a.reply(ana, ab, "note ana's note")
	a.reply(bob, ab, "note bob's note")
	a.reply(ana, ab, "quiz add Ana asks? | *yes | no")
	a.reply(bob, ab, "quiz add Bob asks? | *yes | no")
	a.reply(ana, ab, "quiz answer 2 1")
	a.reply(bob, ab, "quiz answer 1 1")
	a.press(ana, introIn(t, a, ab), "tandem_met", "")

	got := a.reply(ana, program, "forget me")
	mustContain(t, got, "1 note", "1 quiz answer", "1 quiz question", "1 button click")
	if hits := scanDB(t, filepath.Join(a.dir, "tandem.db"), ana, "ana's note", "Ana asks?"); len(hits) > 0 {
		t.Errorf("rows still hold ana's data after forget me:\n%s", strings.Join(hits, "\n"))
	}
	got = a.reply(bob, ab, "notes")
	mustContain(t, got, "bob's note", "1 note")
	mustContain(t, a.reply(bob, ab, "quiz score"), "no answers yet") // his answer went with ana's question
}
