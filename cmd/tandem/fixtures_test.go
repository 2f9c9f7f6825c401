package main

import (
	"slices"
	"testing"
)

// Private texts the forget and report tests write, and look for afterwards.
const (
	fixtureNote     = "we paired on the GC chapter and it finally clicked"
	fixtureQuestion = "What does GC stand for in Go?"
	fixtureTopic    = "how we review pull requests"
)

// forgetMeFixtures gives ana data in every feature that holds personal
// data: a note, a quiz question and an answer, a click, a topic and a vote.
// ana and bob must already be partners. It returns what `forget me` must
// then say it deleted.
func forgetMeFixtures(t *testing.T, a *testApp) []string {
	t.Helper()
	dm := ""
	for ch, humans := range groupDMs(a) {
		if slices.Contains(humans, ana) && slices.Contains(humans, bob) {
			dm = ch
		}
	}
	if dm == "" {
		t.Fatalf("ana and bob are not partners: %v", groupDMs(a))
	}
	mustContain(t, a.reply(ana, dm, "note "+fixtureNote), "Saved note")
	mustContain(t, a.reply(ana, dm, "quiz add "+fixtureQuestion+" | Go Compiler | *Garbage Collector"), "asks the partnership a quiz question")
	mustContain(t, a.reply(bob, dm, "quiz add Which port does Postgres use? | *5432 | 80"), "asks the partnership a quiz question")
	mustContain(t, a.reply(ana, dm, "quiz answer 2 1"), "Right")
	a.press(ana, introIn(t, a, dm), "tandem_met", "")
	mustContain(t, a.reply(ana, program, "topic "+fixtureTopic), "Topic added")
	call := a.postCall(t, program)
	a.vote(t, ana, call, fixtureTopic)
	return []string{"1 note", "1 quiz question", "1 quiz answer", "1 button click", "1 topic", "1 vote"}
}

// exportFixtureFiles are the export's files beyond programs, rounds and groups.
func exportFixtureFiles() []string {
	return []string{"groups.csv", "meetings.csv", "left_out.csv", "notes.csv", "quiz_questions.csv",
		"quiz_answers.csv", "clicks.csv", "topics.csv", "votes.csv"}
}
