package store_test

import (
	"context"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

func addQuestion(t *testing.T, db *store.DB, q tandem.Question) tandem.Question {
	t.Helper()
	if q.Options == nil {
		q.Options, q.Correct = []string{"Go Compiler", "Garbage Collector"}, 1
	}
	if q.Text == "" {
		q.Text = "What does GC stand for?"
	}
	q, err := db.AddQuestion(context.Background(), "", q)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestAddQuestionChecksScopeAndShape(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if err := db.CreateProgram(ctx, "", tandem.NewProgram("C1", "UTC")); err != nil {
		t.Fatal(err)
	}
	g := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}).Groups[0].ID

	q := addQuestion(t, db, tandem.Question{Group: g, Author: "U1"})
	if q.ID == 0 || q.Program != "C1" || q.Group != g {
		t.Errorf("partnership question came back as %+v", q)
	}
	p := addQuestion(t, db, tandem.Question{Program: "C1", Author: "UADMIN"})
	if p.Group != 0 || p.Program != "C1" {
		t.Errorf("program question came back as %+v", p)
	}
	for name, tc := range map[string]struct {
		q    tandem.Question
		code string
	}{
		"not a member":   {tandem.Question{Group: g, Author: "U3", Text: "Q", Options: []string{"a", "b"}}, tandem.EFORBIDDEN},
		"no such group":  {tandem.Question{Group: 999, Author: "U1", Text: "Q", Options: []string{"a", "b"}}, tandem.ENOTFOUND},
		"not a program":  {tandem.Question{Program: "C9", Author: "U1", Text: "Q", Options: []string{"a", "b"}}, tandem.ENOTFOUND},
		"one option":     {tandem.Question{Program: "C1", Author: "U1", Text: "Q", Options: []string{"a"}}, tandem.EINVALID},
		"seven options":  {tandem.Question{Program: "C1", Author: "U1", Text: "Q", Options: []string{"a", "b", "c", "d", "e", "f", "g"}}, tandem.EINVALID},
		"right too high": {tandem.Question{Program: "C1", Author: "U1", Text: "Q", Options: []string{"a", "b"}, Correct: 2}, tandem.EINVALID},
		"empty option":   {tandem.Question{Program: "C1", Author: "U1", Text: "Q", Options: []string{"a", " "}}, tandem.EINVALID},
		"no text":        {tandem.Question{Program: "C1", Author: "U1", Options: []string{"a", "b"}}, tandem.EINVALID},
	} {
		if _, err := db.AddQuestion(ctx, "", tc.q); tandem.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", name, err, tc.code)
		}
	}
}

func TestNextQuestionOnlyWhatTheUserMaySee(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	for _, ch := range []tandem.ChannelID{"C1", "C2"} {
		if err := db.CreateProgram(ctx, "", tandem.NewProgram(ch, "UTC")); err != nil {
			t.Fatal(err)
		}
	}
	r := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}, []tandem.UserID{"U3", "U4"})
	mine := addQuestion(t, db, tandem.Question{Group: r.Groups[0].ID, Author: "U1"})
	addQuestion(t, db, tandem.Question{Group: r.Groups[1].ID, Author: "U3"}) // not U2's partnership
	hr := addQuestion(t, db, tandem.Question{Program: "C1", Author: "UADMIN"})
	addQuestion(t, db, tandem.Question{Program: "C2", Author: "UADMIN"}) // U2 was never matched in C2

	q, waiting, err := db.NextQuestion(ctx, "U2")
	if err != nil || q.ID != mine.ID || waiting != 2 {
		t.Fatalf("U2's next: %+v, %d waiting, %v; want question %d of 2", q, waiting, err, mine.ID)
	}
	if q.Text != "What does GC stand for?" || len(q.Options) != 2 || q.Correct != 1 || q.Author != "U1" {
		t.Errorf("question read back as %+v", q)
	}
	if _, _, err := db.AnswerQuestion(ctx, "", mine.ID, "U2", 0); err != nil {
		t.Fatal(err)
	}
	if q, _, _ := db.NextQuestion(ctx, "U2"); q.ID != hr.ID {
		t.Errorf("after answering, U2's next is %d, want the program's %d", q.ID, hr.ID)
	}
	// U1 wrote the partnership question: only HR's is for them.
	if q, waiting, _ := db.NextQuestion(ctx, "U1"); q.ID != hr.ID || waiting != 1 {
		t.Errorf("U1's next: %d (%d waiting), want only %d", q.ID, waiting, hr.ID)
	}
	if _, _, err := db.NextQuestion(ctx, "UNOBODY"); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("someone never matched: %v, want ENOTFOUND", err)
	}
}

func TestAnswerQuestionOncePerPerson(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	r := matched(t, db, "C1", []tandem.UserID{"U1", "U2", "U3"}, []tandem.UserID{"U4", "U5"})
	q := addQuestion(t, db, tandem.Question{Group: r.Groups[0].ID, Author: "U1"})

	a, got, err := db.AnswerQuestion(ctx, "", q.ID, "U2", 1)
	if err != nil || !a.Correct || got.ID != q.ID || got.Options[got.Correct] != "Garbage Collector" {
		t.Fatalf("right answer: %+v, %+v, %v", a, got, err)
	}
	if a, _, err := db.AnswerQuestion(ctx, "", q.ID, "U3", 0); err != nil || a.Correct {
		t.Errorf("wrong answer: %+v, %v", a, err)
	}
	prev, _, err := db.AnswerQuestion(ctx, "", q.ID, "U2", 0)
	if tandem.ErrorCode(err) != tandem.ECONFLICT || prev.Choice != 1 || !prev.Correct {
		t.Errorf("second answer: %+v, %v; want ECONFLICT with the first answer", prev, err)
	}
	for name, tc := range map[string]struct {
		user   tandem.UserID
		choice int
		code   string
	}{
		"author":        {"U1", 1, tandem.EINVALID},
		"other group":   {"U4", 1, tandem.ENOTFOUND},
		"out of range":  {"U3", 5, tandem.ECONFLICT}, // U3 answered already: that comes first
		"never matched": {"UX", 1, tandem.ENOTFOUND},
	} {
		if _, _, err := db.AnswerQuestion(ctx, "", q.ID, tc.user, tc.choice); tandem.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", name, err, tc.code)
		}
	}
	q2 := addQuestion(t, db, tandem.Question{Group: r.Groups[0].ID, Author: "U1"})
	if _, _, err := db.AnswerQuestion(ctx, "", q2.ID, "U2", 2); tandem.ErrorCode(err) != tandem.EINVALID {
		t.Errorf("option 3 of 2: %v, want EINVALID", err)
	}
	if _, _, err := db.AnswerQuestion(ctx, "", q2.ID, "U2", 0); err != nil {
		t.Errorf("after a refused choice the person may still answer: %v", err)
	}

	scores, err := db.QuizScores(ctx, "U2")
	if err != nil || len(scores) != 1 || scores[0] != (tandem.QuizScore{Program: "C1", Answered: 2, Correct: 1}) {
		t.Errorf("U2's scores: %+v, %v", scores, err)
	}
	if s, _ := db.QuizScores(ctx, "U5"); len(s) != 0 {
		t.Errorf("U5 answered nothing but has %+v", s)
	}
}
