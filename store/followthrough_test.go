package store_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

// threeRounds runs three rounds of C1 with the same four pairs, a day
// apart, in which everyone but U2 shows some sign of life.
func threeRounds(t *testing.T) (*store.DB, []tandem.Round) {
	t.Helper()
	db := open(t)
	ctx := context.Background()
	start := db.Now()
	if err := db.CreateProgram(ctx, "", tandem.NewProgram("C1", "UTC")); err != nil {
		t.Fatal(err)
	}
	hr := addQuestion(t, db, tandem.Question{Program: "C1", Author: "UADMIN"})
	var rounds []tandem.Round
	for i := range 3 {
		db.Now = func() time.Time { return start.Add(time.Duration(i) * 24 * time.Hour) }
		pairs := [][]tandem.UserID{{"U1", "U2"}, {"U3", "U4"}, {"U7", "U8"}, {"U9", "U10"}}
		if i == 2 {
			pairs = append(pairs, []tandem.UserID{"U5", "U6"}) // newcomers: one round only
		}
		rounds = append(rounds, matched(t, db, "C1", pairs...))
	}
	g := func(round, group int) tandem.GroupID { return rounds[round].Groups[group].ID }
	steps := []error{
		noteErr(db.AddNote(ctx, "", g(0, 0), "U1", "U1 wrote, U2 did not")),                                                         // U1: a note
		clickErr(db.RecordClick(ctx, "", g(1, 1), "U3", tandem.ClickMet)),                                                           // U3, U4: their group met
		answerErr(db.AnswerQuestion(ctx, "", hr.ID, "U7", 1)),                                                                       // U7: answered HR
		questionErr(db.AddQuestion(ctx, "", tandem.Question{Group: g(2, 2), Author: "U8", Text: "Q", Options: []string{"a", "b"}})), // U8: asked
		noteErr(db.AddNote(ctx, "", g(2, 4), "U5", "newcomer note")),
		clickErr(db.RecordClick(ctx, "", g(2, 4), "U6", tandem.ClickMet)),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if _, err := db.UpdateProfile(ctx, "", "U10", func(p *tandem.Profile) error { p.PausedUntil = tandem.Forever; return nil }); err != nil {
		t.Fatal(err) // U10 paused by hand: not a ghost, whatever they did
	}
	return db, rounds
}

func noteErr(_ tandem.Note, err error) error                           { return err }
func questionErr(_ tandem.Question, err error) error                   { return err }
func answerErr(_ tandem.Answer, _ tandem.Question, err error) error    { return err }
func clickErr(_ tandem.Group, _ tandem.Click, _ bool, err error) error { return err }

func TestPauseGhostsFindsOnlyTheSilent(t *testing.T) {
	db, rounds := threeRounds(t)
	ctx := context.Background()
	ghosts, err := db.PauseGhosts(ctx, "", "C1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []tandem.UserID{"U2", "U9"}; !slices.Equal(ghosts, want) {
		t.Fatalf("ghosts %v, want %v", ghosts, want)
	}
	for _, u := range ghosts {
		if p, _ := db.Profile(ctx, u); !p.PausedUntil.Equal(tandem.Forever) {
			t.Errorf("%s not paused: %+v", u, p)
		}
	}
	dms := pendingOf(t, db, tandem.OutboxGhost)
	if len(dms) != 2 || dms[0].User != "U2" || dms[0].Group != rounds[2].Groups[0].ID {
		t.Errorf("ghost DMs queued: %+v", dms)
	}
	if again, err := db.PauseGhosts(ctx, "", "C1"); err != nil || len(again) != 0 {
		t.Errorf("second run: %v, %v; want nothing more", again, err)
	}
	if _, err := db.KeepMeIn(ctx, "", rounds[2].Groups[0].ID, "U2"); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.PauseGhosts(ctx, "", "C1"); len(again) != 0 {
		t.Errorf("U2 paused again right after Keep me in: %v", again)
	}
	// Fewer than three rounds: nobody is a ghost yet.
	if g, err := db.PauseGhosts(ctx, "", "C9"); err != nil || len(g) != 0 {
		t.Errorf("program without rounds: %v, %v", g, err)
	}
}

func TestFollowThroughStatsCountsOnly(t *testing.T) {
	db, rounds := threeRounds(t)
	ctx := context.Background()
	if _, err := db.PauseGhosts(ctx, "", "C1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.KeepMeIn(ctx, "", rounds[2].Groups[3].ID, "U9"); err != nil {
		t.Fatal(err)
	}
	s, err := db.FollowThroughStats(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	latest := rounds[2].Groups
	want := tandem.FollowThroughStats{Groups: 5, Met: 1, Notes: 2, Questions: 2, Answers: 1, Correct: 1, Ghosts: []tandem.UserID{"U2"},
		NotesPerGroup: map[tandem.GroupID]int{latest[0].ID: 0, latest[1].ID: 0, latest[2].ID: 0, latest[3].ID: 0, latest[4].ID: 1}}
	if s.Groups != want.Groups || s.Met != want.Met || s.Notes != want.Notes || s.Questions != want.Questions ||
		s.Answers != want.Answers || s.Correct != want.Correct || !slices.Equal(s.Ghosts, want.Ghosts) || len(s.NotesPerGroup) != 5 {
		t.Errorf("stats:\n got %+v\nwant %+v", s, want)
	}
	for id, n := range want.NotesPerGroup {
		if s.NotesPerGroup[id] != n {
			t.Errorf("notes of group %d: %d, want %d", id, s.NotesPerGroup[id], n)
		}
	}
	if empty, err := db.FollowThroughStats(ctx, "C9"); err != nil || empty.Groups != 0 || empty.Notes != 0 {
		t.Errorf("unknown program: %+v, %v", empty, err)
	}
}

func TestForgetDeletesFollowThrough(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	g := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}).Groups[0].ID
	mine := addQuestion(t, db, tandem.Question{Group: g, Author: "U1"})
	theirs := addQuestion(t, db, tandem.Question{Group: g, Author: "U2"})
	steps := []error{
		noteErr(db.AddNote(ctx, "", g, "U1", "mine")),
		noteErr(db.AddNote(ctx, "", g, "U2", "my partner's")),
		answerErr(db.AnswerQuestion(ctx, "", mine.ID, "U2", 1)),
		answerErr(db.AnswerQuestion(ctx, "", theirs.ID, "U1", 1)),
		clickErr(db.RecordClick(ctx, "", g, "U1", tandem.ClickMet)),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	f, err := db.Forget(ctx, "", "U1")
	if err != nil {
		t.Fatal(err)
	}
	for kind, n := range map[string]int{"notes": 1, "quiz questions": 1, "quiz answers": 1, "button clicks": 1} {
		if f[kind] != n {
			t.Errorf("forgot %d %s, want %d (all: %v)", f[kind], kind, n, f)
		}
	}
	notes, err := db.Notes(ctx, g, "U2")
	if err != nil || len(notes) != 1 || notes[0].Author != "U2" {
		t.Errorf("U2's notes after U1 left: %+v, %v", notes, err)
	}
	if s, _ := db.QuizScores(ctx, "U2"); len(s) != 0 {
		t.Errorf("U2's answer to U1's deleted question survived: %+v", s)
	}
}

func TestExportLeavesNoteTextOutUnlessAsked(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	g := matched(t, db, "C1", []tandem.UserID{"U1", "U2"}).Groups[0].ID
	q := addQuestion(t, db, tandem.Question{Group: g, Author: "U1", Text: "Which secret question?"})
	steps := []error{
		noteErr(db.AddNote(ctx, "", g, "U1", "a private, thoughtful note")),
		answerErr(db.AnswerQuestion(ctx, "", q.ID, "U2", 1)),
		clickErr(db.RecordClick(ctx, "", g, "U2", tandem.ClickMet)),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	read := func(dir, file string) string {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	plain := t.TempDir()
	if _, err := db.Export(ctx, plain, store.ExportOptions{MinGroup: 5}); err != nil {
		t.Fatal(err)
	}
	notes := read(plain, "notes.csv")
	if !strings.HasPrefix(notes, "id,group_id,author,created_at,length\n") || !strings.Contains(notes, ",U1,") || strings.Contains(notes, "thoughtful") {
		t.Errorf("notes.csv without text:\n%s", notes)
	}
	if qs := read(plain, "quiz_questions.csv"); strings.Contains(qs, "secret") || !strings.Contains(qs, ",U1,") {
		t.Errorf("quiz_questions.csv without text:\n%s", qs)
	}
	if a := read(plain, "quiz_answers.csv"); strings.Contains(a, "U2") {
		t.Errorf("quiz_answers.csv names who answered:\n%s", a)
	}
	if c := read(plain, "clicks.csv"); !strings.Contains(c, ",U2,met,") {
		t.Errorf("clicks.csv:\n%s", c)
	}
	full := t.TempDir()
	if _, err := db.Export(ctx, full, store.ExportOptions{NoteText: true, AnswersByPerson: true, MinGroup: 5}); err != nil {
		t.Fatal(err)
	}
	if a := read(full, "quiz_answers.csv"); !strings.Contains(a, ",U2,2,1,") {
		t.Errorf("quiz_answers.csv by person:\n%s", a)
	}
	if !strings.Contains(read(full, "notes.csv"), "a private, thoughtful note") || !strings.Contains(read(full, "quiz_questions.csv"), "Which secret question?") {
		t.Error("export with text left the text out")
	}
}
