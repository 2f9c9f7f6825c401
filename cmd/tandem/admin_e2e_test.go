package main

import (
	"strings"
	"testing"
	"time"
)

// adminCommands are every admin command, each of which would change
// something or reveal program data if it ran.
var adminCommands = []string{
	"program add <#C0GENERAL1|general>",
	"program set <#C0LEARN001|learning> group_size=3",
	"program list",
	"program remove <#C0LEARN001|learning>",
	"match <#C0LEARN001|learning>",
	"marketplace <#C0LEARN001|learning>",
	"report",
	"report <#C0LEARN001|learning>",
}

func TestAdminCommandsRefusedForNonAdmins(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	before := a.reply(admin, general, "program list")
	for _, cmd := range adminCommands {
		t.Run(cmd, func(t *testing.T) {
			got := a.reply(ana, program, cmd)
			mustContain(t, got, "Only tandem admins", "ask one of them")
		})
	}
	time.Sleep(200 * time.Millisecond)
	if after := a.reply(admin, general, "program list"); after != before {
		t.Errorf("programs changed after refused commands:\nbefore %s\nafter  %s", before, after)
	}
	for _, method := range []string{"conversations.open", "chat.postMessage"} {
		if n := len(a.fake.CallsTo(method)); n != 0 {
			t.Errorf("%d %s calls after refused commands", n, method)
		}
	}
}

func TestAdminCommandsAcceptedForAdmins(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	for _, who := range []string{admin, wsAdmin, owner} {
		got := a.reply(who, general, "program list")
		mustContain(t, got, "Learning programs", "<#C0LEARN001>", "groups of 2")
		got = a.reply(who, general, "report <#C0LEARN001|learning>")
		mustContain(t, got, "Report", "taking part", "Rounds run")
	}
	// A workspace admin (not in the config) runs the full program lifecycle.
	mustContain(t, a.reply(wsAdmin, general, "program add <#C0GENERAL1|general> group_size=3 timezone=Europe/Berlin"),
		"is now a learning program", "groups of 3", "Europe/Berlin", "next round")
	mustContain(t, a.reply(wsAdmin, general, "program add <#C0GENERAL1|general>"), "already a program")
	mustContain(t, a.reply(wsAdmin, general, "program set <#C0GENERAL1|general> avoid_repeats=2"), "Changed `avoid_repeats`", "within 2 rounds")
	mustContain(t, a.reply(wsAdmin, general, "program remove <#C0GENERAL1|general>"), "no longer a program")
	if got := a.reply(wsAdmin, general, "program list"); strings.Contains(got, "C0GENERAL1") {
		t.Errorf("removed program still listed:\n%s", got)
	}
	a.noViolations()
}

func TestProgramBadValuesRefused(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	before := a.reply(admin, general, "program list")
	for cmd, key := range map[string]string{
		"program set <#C0LEARN001|learning> group_size=9":            "group_size",
		"program set <#C0LEARN001|learning> match=TZ=0":              "match",
		"program set <#C0LEARN001|learning> match=\"0 9 31 2 *\"":    "never fires",
		"program set <#C0LEARN001|learning> group_size=3 colour=red": "colour: unknown setting",
		"program set <#C0LEARN001|learning> timezone=Mars/Base":      "timezone",
		"program add <#C0GENERAL1|general> avoid_repeats=-2":         "avoid_repeats",
	} {
		mustContain(t, a.reply(admin, general, cmd), key)
	}
	if after := a.reply(admin, general, "program list"); after != before {
		t.Errorf("a refused change was half-applied:\nbefore %s\nafter  %s", before, after)
	}
}

func TestProgramNeedsTheBotInTheChannel(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	a.fake.AddPrivateChannel("G0SECRET01", "secret", ana, bob)
	mustContain(t, a.reply(admin, general, "program add <#G0SECRET01|>"), "I am not in <#G0SECRET01> yet", "/invite @tandem")
	if got := a.reply(admin, general, "program list"); strings.Contains(got, "G0SECRET01") {
		t.Error("program created without the bot in the channel")
	}
}

// TestProgramScheduleTakesEffectWithoutRestart: `program set match=@every 2s`
// makes rounds happen on the new schedule in the running process.
func TestProgramScheduleTakesEffectWithoutRestart(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{})
	mustContain(t, a.reply(admin, general, "program add <#C0GENERAL1|general>"), "is now a learning program")
	time.Sleep(500 * time.Millisecond)
	if n := len(a.fake.CallsTo("conversations.open")); n != 0 {
		t.Fatalf("%d conversations opened before any round", n)
	}
	mustContain(t, a.reply(admin, general, "program set <#C0GENERAL1|general> match=\"@every 2s\""), "takes effect now")
	a.waitFor("a scheduled round's intros", func() bool { return introCount(a) > 0 })
}

// TestReportCountsWithoutContent: after a round with notes, quiz answers
// and topics, the report shows their counts and none of their text.
func TestReportCountsWithoutContent(t *testing.T) {
	t.Parallel()
	a := startApp(t, options{extraConfig: "privacy:\n  min_group: 3\n"})
	a.skills(anaAndBob)
	a.reply(chen, program, "pause")
	a.round(1)
	forgetMeFixtures(t, a)

	// 3 people: under privacy.min_group 3 the counts of 1 and 2 people
	// read "fewer than 3", and nobody is named.
	got := a.reply(admin, general, "report <#C0LEARN001|learning>")
	mustContain(t, got, "Report: #learning",
		"fewer than 3 taking part, fewer than 3 paused",
		"Rounds run:* 1", "fewer than 3 groups, fewer than 3 said they met (fewer than 3)",
		"Notes written:* fewer than 3",
		"fewer than 3 questions, fewer than 3 answers, right: fewer than 3",
		"fewer than 3 topics raised", "fewer than 3 votes",
		"never a name or what anyone wrote")
	for _, id := range []string{ana, bob, chen} {
		if strings.Contains(got, id) {
			t.Errorf("the report names %s:\n%s", id, got)
		}
	}
	for _, private := range []string{fixtureNote, fixtureQuestion, "Garbage Collector", "5432", fixtureTopic} {
		if strings.Contains(got, private) {
			t.Errorf("the report shows private content %q:\n%s", private, got)
		}
	}
	a.noViolations()
}
