package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// People of the language tests: Slack set to German, French and German.
const (
	jan   = "U0JAN00001" // de-DE
	fleur = "U0FLEUR001" // fr-FR: tandem does not speak French, so English
	klara = "U0KLARA001" // de-AT
	lena  = "U0LENA0001" // de-DE
)

func languagePeople() []fakeslack.User {
	return []fakeslack.User{
		{ID: jan, Name: "jan", RealName: "Jan Krause", TZ: "Europe/Berlin", Locale: "de-DE"},
		{ID: fleur, Name: "fleur", RealName: "Fleur Martin", TZ: "Europe/Paris", Locale: "fr-FR"},
		{ID: klara, Name: "klara", RealName: "Klara Huber", TZ: "Europe/Vienna", Locale: "de-AT"},
		{ID: lena, Name: "lena", RealName: "Lena Vogel", TZ: "Europe/Berlin", Locale: "de-DE"},
	}
}

// germanDay is how a German date starts: "Mo., 14. Dez.".
var germanDay = regexp.MustCompile(`(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. `)

// TestEachPersonIsAnsweredInTheirLanguage: through the fake Slack, a
// de-DE person gets help, a profile confirmation, errors and the App Home
// in German; en-US and fr-FR people get them in English. Commands stay
// English for everyone.
func TestEachPersonIsAnsweredInTheirLanguage(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{people: languagePeople(), members: []string{ana, jan, fleur}})

	help := a.reply(jan, program, "help")
	mustContain(t, help, "*Dein Profil*", "Sag, was du beibringen kannst", "`/tandem teach go, sql`", "`/tandem forget me`: löscht alles")
	if strings.Contains(help, "Your profile") {
		t.Errorf("German help has English in it:\n%s", help)
	}
	for _, u := range []string{ana, fleur} {
		mustContain(t, a.reply(u, program, "help"), "*Your profile*", "`/tandem learn kubernetes`: replace your skills")
	}

	mustContain(t, a.reply(jan, program, "teach go, sql"), ":white_check_mark: Du kannst beibringen: go, sql.")
	mustContain(t, a.reply(jan, program, "learn kubernetes"), "Du möchtest lernen: kubernetes.")
	mustContain(t, a.reply(fleur, program, "teach go, sql"), ":white_check_mark: You can teach: go, sql.")
	mustContain(t, a.reply(ana, program, "learn figma"), "You want to learn: figma.")

	paused := a.reply(jan, program, "pause 2 weeks")
	mustContain(t, paused, "Pausiert: du wirst bis ", "niemandem zugeteilt")
	if !germanDay.MatchString(paused) {
		t.Errorf("the pause is not dated the German way:\n%s", paused)
	}
	mustContain(t, a.reply(jan, program, "resume"), "Willkommen zurück")

	profile := a.reply(jan, program, "profile")
	mustContain(t, profile, "Dein tandem-Profil", "*Kann beibringen:* go, sql", "*Möchte lernen:* kubernetes", "*Status:* nimmt an den Runden teil")

	// Errors: the parser's, the bot's and the domain's.
	mustContain(t, a.reply(jan, program, "avoid"), ":warning: Nenne eine Person: `avoid @someone`.")
	mustContain(t, a.reply(jan, program, "pause 99 weeks"), "Pausiere 1 bis ")
	mustContain(t, a.reply(jan, program, "match <#C0LEARN001|learning>"), "Das können nur tandem-Admins.")
	mustContain(t, a.reply(jan, program, "frobnicate"), "`frobnicate` kenne ich nicht. Das kann ich:")
	mustContain(t, a.reply(jan, program, "avoid <@"+jan+"|jan>"), "Du kannst dich nicht selbst meiden")
	mustContain(t, a.reply(fleur, program, "avoid"), ":warning: Name one person: `avoid @someone`.")
	mustContain(t, a.reply(fleur, program, "frobnicate"), "I don't know `frobnicate`.")
	mustContain(t, a.reply(ana, program, "match <#C0LEARN001|learning>"), "Only tandem admins can do that.")

	home := a.home(jan)
	mustContain(t, home, "Dein tandem", "*Kann beibringen:* go, sql", "Profil bearbeiten", "Neueste Notizen", "Noch keine Notizen", "Nächste Quizfrage")
	if strings.Contains(home, "Your tandem") || strings.Contains(home, "Edit profile") {
		t.Errorf("German App Home has English in it:\n%s", home)
	}
	mustContain(t, a.home(fleur), "Your tandem", "Edit profile", "Latest notes")
	a.noViolations()
}

// TestGroupDMsSpeakTheLanguageTheyShare: two German speakers get their
// intro in German; a German and an English speaker get it in English, with
// the hint that each is answered in their own language.
func TestGroupDMsSpeakTheLanguageTheyShare(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{people: languagePeople(), members: []string{jan, ana, klara, lena}})
	a.skills(map[string][2]string{jan: {"go", "sql"}, ana: {"sql", "go"}, klara: {"figma", "rust"}, lena: {"rust", "figma"}})
	mustContain(t, a.reply(admin, general, "match <#C0LEARN001|learning>"), "2 groups matched")
	intros := map[string]fakeslack.Message{} // by the sorted members
	a.waitFor("two intros", func() bool {
		for _, m := range a.fake.AllMessages() {
			if strings.Contains(string(m.Blocks), `"intro_actions"`) {
				var humans []string
				for _, u := range a.fake.Members(m.Channel) {
					if u != a.fake.BotUserID() {
						humans = append(humans, u)
					}
				}
				slices.Sort(humans)
				intros[strings.Join(humans, "+")] = m
			}
		}
		return len(intros) == 2
	})
	german, ok := intros[klara+"+"+lena]
	if !ok {
		t.Fatalf("klara and lena were not paired: %v", intros)
	}
	de := german.AllText()
	mustContain(t, de, "ihr seid in dieser Runde Partner in <#C0LEARN001>", "*Warum ihr:*", "kann <@"+lena+"> *figma* beibringen",
		"ein echtes Tandem", "*Erster Schritt:*", "Wir haben uns getroffen", "Diese Runde aussetzen")
	if strings.Contains(de, "Why you") || strings.Contains(de, "globe_with_meridians") {
		t.Errorf("the German pair's intro has English in it:\n%s", de)
	}
	mixed, ok := intros[ana+"+"+jan]
	if !ok {
		t.Fatalf("ana and jan were not paired: %v", intros)
	}
	en := mixed.AllText()
	mustContain(t, en, "you are partners in <#C0LEARN001> this round", "*Why you:*", "We met",
		":globe_with_meridians: You read Slack in different languages, so this is in English.")

	// A click in the German DM settles the intro in German. The admin's
	// summary comes once every intro is recorded as sent, so the click
	// finds the intro to settle.
	a.waitFor("the round summary", func() bool {
		for _, m := range a.dmMessages(admin) {
			if strings.Contains(m.Text, "is out") {
				return true
			}
		}
		return false
	})
	a.press(lena, german, "tandem_met", "")
	a.waitFor("the German intro settled", func() bool {
		for _, m := range a.fake.Messages(german.Channel) {
			if m.TS == german.TS && strings.Contains(m.AllText(), "vermerkt, dass ihr euch getroffen habt") {
				return true
			}
		}
		return false
	})
	a.noViolations()
}

// TestLanguageSettings: language: de in the config speaks German to
// everyone, whatever their Slack says; a program's language sets its
// channel posts.
func TestLanguageSettings(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{people: languagePeople(), members: []string{ana, jan}, extraConfig: "language: de\n"})
	mustContain(t, a.reply(ana, program, "teach go"), "Du kannst beibringen: go.")
	mustContain(t, a.reply(admin, general, "program set <#C0LEARN001|learning> language=xx"), "language: ")

	b := startApp(t, options{people: languagePeople(), members: []string{ana, jan}, programSettings: "    language: de\n"})
	mustContain(t, b.reply(ana, program, "teach go"), "You can teach: go.")
	mustContain(t, b.reply(admin, general, "marketplace <#C0LEARN001|learning>"), "Posted the marketplace call")
	b.waitFor("the call", func() bool {
		for _, m := range b.fake.Messages(program) {
			if strings.Contains(m.AllText(), "Zeit für eure Themen!") {
				return true
			}
		}
		return false
	})
	b.noViolations()
}

// TestGermanAdminGetsGermanAdminViews: a de-DE admin gets the program
// list, the report, the skills view, trends and a round preview in
// German, with German numbers and dates; an English admin the same in
// English.
func TestGermanAdminGetsGermanAdminViews(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{people: languagePeople(), members: []string{jan, ana, klara, lena, fleur}, admins: []string{admin, jan}})
	a.skills(map[string][2]string{jan: {"go", "sql"}, ana: {"sql", "go"}, klara: {"figma", "rust"}, lena: {"rust", "figma"}, fleur: {"go", "rust"}})

	english := func(what, got string, words ...string) {
		t.Helper()
		for _, w := range words {
			if strings.Contains(got, w) {
				t.Errorf("German %s has English %q in it:\n%s", what, w, got)
			}
		}
	}
	list := a.reply(jan, general, "program list")
	mustContain(t, list, "Lernprogramme", "*<#C0LEARN001>*", "Gruppen zu 2, Zuteilung `", "Zeiten in ", "nächste Runde: ")
	if !germanDay.MatchString(list) {
		t.Errorf("the next round is not dated the German way:\n%s", list)
	}
	english("program list", list, "Learning programs", "groups of", "next round")

	preview := a.reply(jan, general, "match <#C0LEARN001|learning> preview")
	mustContain(t, preview, "*Vorschau der Runde für <#C0LEARN001>:*", "aus 5 Teilnehmenden", "Punktzahl", "Intros senden", "Neu mischen", "Abbrechen")
	english("preview", preview, "Round preview", "score", "Send intros", "Reshuffle")

	mustContain(t, a.reply(jan, general, "match <#C0LEARN001|learning>"), "Gruppen")
	report := a.reply(jan, general, "report <#C0LEARN001|learning>")
	mustContain(t, report, "Bericht: #learning", "*Personen:* 5 nehmen teil", "*Gelaufene Runden:* 1", "*Letzte Runde* (", "*Ziele:*", "weniger als 5", "Nur Zahlen")
	english("report", report, "Report", "taking part", "Rounds run", "fewer than", "Counts only")

	skills := a.reply(jan, general, "report skills <#C0LEARN001|learning>")
	mustContain(t, skills, "Fähigkeiten in #learning", "*5 Personen* gezählt", "Angebot und Nachfrage", "möchten lernen")
	english("skills view", skills, "Skills in", "people* counted", "Supply and demand", "want to learn")

	trends := a.reply(jan, general, "report trends <#C0LEARN001|learning>")
	mustContain(t, trends, "Trends: #learning, letzte Runde", "Runde Datum", "das Diagramm liegt in deiner DM")
	english("trends", trends, "last 1 round", "round date", "the chart is in your DM")

	// The Settings form, and a bad schedule refused beside its field.
	a.home(jan)
	a.homeButton(jan, "admin_settings", "admin_program_0", "")
	form := a.lastModal(jan, "admin_settings_form")
	mustContain(t, form.AllText(), "Programm-Einstellungen", "Einstellungen von <#C0LEARN001>", "Runden (Zeitplan der Zuteilung) · match", "Als Nächstes: ")
	mustContain(t, string(form.Raw), `"text":"Speichern"`, `"text":"Abbrechen"`)
	english("Settings form", form.AllText(), "Program settings", "Rounds (match schedule)", "Next: ")
	bad := map[string]map[string]fakeslack.StateValue{"setting_match": {"text": {Value: "61 * * * *"}}, "setting_group_size": {"text": {Value: "9"}}}
	ack := a.submitForm(jan, form.ID, bad)
	if !strings.HasPrefix(ack.Errors["setting_match"], `"61 * * * *": die Minute "61" muss 0-59 sein`) || !strings.Contains(ack.Errors["setting_group_size"], "ganze Zahl") {
		t.Errorf("the German admin's field errors: %q", ack.Errors)
	}
	ack = a.submitForm(jan, form.ID, map[string]map[string]fakeslack.StateValue{"setting_group_size": {"text": {Value: "3"}}})
	if !strings.Contains(string(ack.View), "gelten ab sofort") || !strings.Contains(string(ack.View), "Gruppen zu 3") {
		t.Errorf("the German admin's saved settings: %s", ack.View)
	}

	mustContain(t, a.reply(admin, general, "program list"), "Learning programs", "groups of 3")
	mustContain(t, a.reply(admin, general, "report <#C0LEARN001|learning>"), "Report: #learning", "*People:* 5 taking part")
	a.noViolations()
}
