package store_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

// exportCSV exports db with o and returns the rows of one file.
func exportCSV(t *testing.T, db *store.DB, o store.ExportOptions, file string) [][]string {
	t.Helper()
	dir := t.TempDir()
	if _, err := db.Export(context.Background(), dir, o); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func joinRows(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return b.String()
}

// TestExportQuizAnswersPerQuestion: by default quiz_answers.csv counts
// answers per question and names nobody; a count over fewer than
// min_group people reads "fewer than N". Who chose what is exported only
// when asked for.
func TestExportQuizAnswersPerQuestion(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if err := db.CreateProgram(ctx, "", tandem.NewProgram("C1", "UTC")); err != nil {
		t.Fatal(err)
	}
	people := []tandem.UserID{"U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8"}
	r := matched(t, db, "C1", people[0:2], people[2:4], people[4:6], people[6:8])
	wide := addQuestion(t, db, tandem.Question{Program: "C1", Author: "U1"})   // right answer: option 2
	narrow := addQuestion(t, db, tandem.Question{Program: "C1", Author: "U1"}) // three answers
	own := addQuestion(t, db, tandem.Question{Group: r.Groups[0].ID, Author: "U1"})
	for i, u := range people[1:] { // 7 answers, 5 right
		if err := answerErr(db.AnswerQuestion(ctx, "", wide.ID, u, map[bool]int{true: 1, false: 0}[i < 5])); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range people[1:4] {
		if err := answerErr(db.AnswerQuestion(ctx, "", narrow.ID, u, 1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := answerErr(db.AnswerQuestion(ctx, "", own.ID, "U2", 0)); err != nil {
		t.Fatal(err)
	}

	got := joinRows(exportCSV(t, db, store.ExportOptions{MinGroup: 5}, "quiz_answers.csv"))
	want := "question_id,program_id,answers,right,share_right\n" +
		"1,C1,7,5,71%\n" +
		"2,C1,fewer than 5,fewer than 5,fewer than 5\n" +
		"3,C1,fewer than 5,fewer than 5,fewer than 5\n"
	if got != want {
		t.Errorf("quiz_answers.csv:\n%s\nwant:\n%s", got, want)
	}
	if got := joinRows(exportCSV(t, db, store.ExportOptions{MinGroup: 3}, "quiz_answers.csv")); !strings.Contains(got, "\n2,C1,3,3,100%\n") {
		t.Errorf("min_group 3 hides a question with 3 answers:\n%s", got)
	}

	byPerson := exportCSV(t, db, store.ExportOptions{MinGroup: 5, AnswersByPerson: true}, "quiz_answers.csv")
	if len(byPerson) != 1+7+3+1 || strings.Join(byPerson[0], ",") != "question_id,user_id,option,correct,created_at" {
		t.Errorf("quiz_answers.csv by person:\n%s", joinRows(byPerson))
	}

	if _, err := db.Export(ctx, t.TempDir(), store.ExportOptions{MinGroup: 2}); err == nil {
		t.Error("min group 2 accepted")
	}
}

// TestExportLeftOutShowsACodeNotTheReason: left_out.csv tells an admin
// what to act on, never whether an avoid list kept someone out.
func TestExportLeftOutShowsACodeNotTheReason(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	r := tandem.Round{Program: "C1", Seed: 1, StartedAt: db.Now(),
		Groups: []tandem.Group{{Members: []tandem.UserID{"U1", "U2"}, Score: 1}},
		LeftOut: []tandem.LeftOut{
			{User: "U3", Code: tandem.LeftOwnAvoidList},
			{User: "U4", Code: tandem.LeftAvoided},
			{User: "U5", Code: tandem.LeftNoRoom},
			{User: "U6", Code: tandem.LeftAlone},
		}}
	if _, err := db.CreateRound(ctx, "", r, nil); err != nil {
		t.Fatal(err)
	}
	rows := exportCSV(t, db, store.ExportOptions{MinGroup: 5}, "left_out.csv")
	got := joinRows(rows)
	if strings.Join(rows[0], ",") != "round_id,user_id,code" {
		t.Errorf("header %v", rows[0])
	}
	codes := map[string]string{}
	for _, row := range rows[1:] {
		codes[row[1]] = row[2]
	}
	want := map[string]string{"U3": "constraints", "U4": "constraints", "U5": "constraints", "U6": "alone"}
	for u, c := range want {
		if codes[u] != c {
			t.Errorf("%s: code %q, want %q", u, codes[u], c)
		}
	}
	for _, leak := range []string{"avoid", "no_room"} {
		if strings.Contains(got, leak) {
			t.Errorf("left_out.csv holds the person's reason %q:\n%s", leak, got)
		}
	}
}
