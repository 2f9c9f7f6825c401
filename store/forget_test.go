package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

// forgotten is the person TestForgetLeavesNoByteInTheFiles forgets; every
// text only they typed contains "zqx", which nothing else holds.
const forgotten tandem.UserID = "UZQXGONE01"

// fillForForget gives forgotten data in every table that can hold a
// person's ID or text, among other people's data spread over many pages.
func fillForForget(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.CreateProgram(ctx, "", tandem.NewProgram("C1", "UTC")))
	var others []tandem.UserID
	for i := range 40 {
		u := tandem.UserID(fmt.Sprintf("U%08d", i))
		others = append(others, u)
		_, err := db.UpdateProfile(ctx, "", u, func(p *tandem.Profile) error {
			p.Teach, p.Learn, p.Location = []string{"go", fmt.Sprintf("skill %d", i)}, []string{"rust"}, "Berlin"
			if i%5 == 0 {
				p.Avoid = []tandem.UserID{forgotten}
			}
			return nil
		})
		must(err)
	}
	_, err := db.UpdateProfile(ctx, "", forgotten, func(p *tandem.Profile) error {
		p.Teach, p.Learn = []string{"zqx-teach-only"}, []string{"zqx-learn-only"}
		p.Location, p.Avoid = "Zqxville Office", []tandem.UserID{others[1]}
		return nil
	})
	must(err)

	r := tandem.Round{Program: "C1", Seed: 1, StartedAt: db.Now(), By: forgotten,
		Groups: []tandem.Group{{Members: []tandem.UserID{forgotten, others[1]}, Score: 5, Reasons: []tandem.Reason{
			{Kind: tandem.KindTeaches, A: forgotten, B: others[1], Skill: "go", Points: 10},
			{Kind: tandem.KindDifferentOffices, A: forgotten, B: others[1], Location: "Zqxville Office", OtherLocation: "Berlin", Points: -5},
		}}},
		LeftOut: []tandem.LeftOut{{User: others[2], Code: tandem.LeftAlone}}}
	for i := 3; i+1 < len(others); i += 2 {
		r.Groups = append(r.Groups, tandem.Group{Members: []tandem.UserID{others[i], others[i+1]}, Score: 1,
			Why: []string{fmt.Sprintf("<@%s> can teach <@%s> *go*", others[i], others[i+1])}})
	}
	r, err = db.CreateRound(ctx, "", r, []tandem.UserID{forgotten})
	must(err)
	g := r.Groups[0].ID
	_, err = db.CreateRound(ctx, "", tandem.Round{Program: "C1", Seed: 2, StartedAt: db.Now(),
		Groups:  []tandem.Group{{Members: []tandem.UserID{others[1], others[2]}, Score: 1}},
		LeftOut: []tandem.LeftOut{{User: forgotten, Code: tandem.LeftOwnAvoidList}}}, nil)
	must(err)
	// A group saved before reasons were stored keeps the intro's sentences.
	_, err = db.CreateRound(ctx, "", tandem.Round{Program: "C9", Seed: 3, StartedAt: db.Now(),
		Groups: []tandem.Group{{Members: []tandem.UserID{forgotten, others[5]}, Score: 5, Why: []string{
			fmt.Sprintf("<@%s> can teach <@%s> *go*", forgotten, others[5]),
			fmt.Sprintf(":warning: <@%s> (Zqxville Office) and <@%s> (Berlin) work in different offices: a video call will do.", forgotten, others[5]),
		}}}}, nil)
	must(err)
	// The first round's groups are still the active ones for notes and clicks.
	g2 := r.Groups[1].ID

	_, err = db.AddNote(ctx, "", g, forgotten, "zqx short note")
	must(err)
	_, err = db.AddNote(ctx, "", g, forgotten, "zqx long note "+strings.Repeat("zqx-overflow-page ", 800))
	must(err)
	_, err = db.AddNote(ctx, "", g, others[1], fmt.Sprintf("paired with <@%s> today", forgotten))
	must(err)
	for i := range 200 {
		_, err = db.AddNote(ctx, "", g2, others[3], fmt.Sprintf("note %d of someone else, long enough to fill pages: %s", i, strings.Repeat("x", 300)))
		must(err)
	}
	mine, err := db.AddQuestion(ctx, "", tandem.Question{Group: g, Author: forgotten, Text: "zqx question?", Options: []string{"zqx option a", "zqx option b"}, Correct: 1})
	must(err)
	wide, err := db.AddQuestion(ctx, "", tandem.Question{Program: "C1", Author: forgotten, Text: "zqx program question?", Options: []string{"zqx one", "zqx two"}})
	must(err)
	theirs, err := db.AddQuestion(ctx, "", tandem.Question{Group: g, Author: others[1], Text: "Which port?", Options: []string{"5432", "80"}})
	must(err)
	must(answerErr(db.AnswerQuestion(ctx, "", mine.ID, others[1], 1)))
	must(answerErr(db.AnswerQuestion(ctx, "", wide.ID, others[3], 0)))
	must(answerErr(db.AnswerQuestion(ctx, "", theirs.ID, forgotten, 0)))
	must(clickErr(db.RecordClick(ctx, "", g, forgotten, tandem.ClickMet)))

	topic, _, err := db.AddTopic(ctx, "", tandem.Topic{Program: "C1", Author: forgotten, Text: "zqx topic text"})
	must(err)
	_, _, err = db.AddTopic(ctx, "", tandem.Topic{Program: "C1", Author: forgotten, Text: "zqx ask problem", Skill: "zqx-ask-skill", Urgent: true})
	must(err)
	other, _, err := db.AddTopic(ctx, "", tandem.Topic{Program: "C1", Author: others[1], Text: "a topic of someone else"})
	must(err)
	_, err = db.Vote(ctx, "", forgotten, other.ID, "C1")
	must(err)
	_, err = db.Vote(ctx, "", others[1], topic.ID, "C1")
	must(err)
	_, _, err = db.StartCall(ctx, "", "C1", forgotten)
	must(err)

	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	_, err = db.ClaimFiring(ctx, "C1/match", "2026-01-05T09:00", at)
	must(err)
	must(db.FinishFiring(ctx, "C1/match", "2026-01-05T09:00", fmt.Errorf("store: groups of %s: disk full", forgotten)))
	items, err := db.PendingOutbox(ctx, 1000)
	must(err)
	for _, it := range items {
		if it.Kind == tandem.OutboxIntro && it.Group == g {
			must(db.RetryLater(ctx, it, at, fmt.Sprintf("conversations.open %s,%s: ratelimited", forgotten, others[1])))
		}
	}
	_, err = db.AddNote(ctx, tandem.Key("envelope:"+string(forgotten)+"-1"), g2, others[3], "a keyed note")
	must(err)
}

// scanFiles returns which of needles occur in the raw bytes of the
// database file, its -wal and its -shm.
func scanFiles(t *testing.T, path string, needles ...string) []string {
	t.Helper()
	var hits []string
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if i := bytes.Index(b, []byte(n)); i >= 0 {
				hits = append(hits, fmt.Sprintf("%s: %q at byte %d", p[strings.LastIndex(p, "/")+1:], n, i))
			}
		}
	}
	return hits
}

// TestForgetLeavesNoByteInTheFiles: after Forget, neither the person's ID
// nor any text only they typed is anywhere in the bytes of the database
// file, its -wal or its -shm: not in a row, not in free space, not in an
// old page of the WAL. And they stay opted out.
func TestForgetLeavesNoByteInTheFiles(t *testing.T) {
	sqliteOnly(t, "bytes in the file; on PostgreSQL TestPostgresForgetVacuums")
	db := open(t)
	ctx := context.Background()
	fillForForget(t, db)
	needles := []string{string(forgotten), "zqx", "Zqx"}
	if hits := scanFiles(t, db.Path(), needles...); len(hits) < 3 {
		t.Fatalf("the scan must find the data before forget, found only %v", hits)
	}
	f, err := db.Forget(ctx, "", forgotten)
	if err != nil {
		t.Fatal(err)
	}
	if f["notes"] != 2 || f["topics"] != 2 || f["quiz questions"] != 2 || f["profile"] != 1 {
		t.Errorf("forgot %v", f)
	}
	if hits := scanFiles(t, db.Path(), needles...); len(hits) > 0 {
		t.Errorf("after forget, the files still hold:\n%s", strings.Join(hits, "\n"))
	}
	out, err := db.OptedOut(ctx, []tandem.UserID{forgotten, "U00000001"})
	if err != nil || !out[forgotten] || len(out) != 1 {
		t.Errorf("opted out: %v, %v", out, err)
	}
	// Others' data stays, with the forgotten person anonymous in it.
	g, err := db.UserGroups(ctx, "U00000001")
	if err != nil || len(g) == 0 {
		t.Fatalf("partner's groups: %v, %v", g, err)
	}
	reasons := g[len(g)-1].Reasons
	if len(reasons) != 1 || reasons[0].Kind != tandem.KindTeaches || !tandem.IsForgotten(reasons[0].A) || reasons[0].B != "U00000001" || reasons[0].Skill != "go" {
		t.Errorf("partner's reasons after forget: %+v", reasons)
	}
	legacy, err := db.UserGroups(ctx, "U00000005")
	if err != nil || len(legacy) == 0 {
		t.Fatalf("partner's groups of before reasons were stored: %v, %v", legacy, err)
	}
	why := strings.Join(legacy[0].Why, "|")
	if !strings.Contains(why, "> can teach <@U00000005> *go*") || !strings.Contains(why, "<@"+tandem.ForgottenPrefix) || strings.Contains(why, "different offices") {
		t.Errorf("partner's worded reasons after forget: %s", why)
	}
	notes, err := db.Notes(ctx, g[len(g)-1].ID, "U00000001")
	if err != nil || len(notes) != 1 || !strings.HasPrefix(notes[0].Text, "paired with <@"+tandem.ForgottenPrefix) {
		t.Errorf("partner's note: %+v, %v", notes, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if hits := scanFiles(t, db.Path(), needles...); len(hits) > 0 {
		t.Errorf("after close, the files still hold:\n%s", strings.Join(hits, "\n"))
	}
}

// optedOutKeys reads the raw markers of the file at path.
func optedOutKeys(t *testing.T, path string) []string {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT user_key FROM opted_out ORDER BY user_key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	return keys
}

// TestOptedOutMarkerIsKeyed: the marker is not a hash anyone can compute
// from a user ID: two installations mark the same person differently, and
// neither marker is the plain SHA-256 earlier versions stored.
func TestOptedOutMarkerIsKeyed(t *testing.T) {
	sqliteOnly(t, "reads the file; the marker code is the same on both")
	ctx := context.Background()
	var keys []string
	for range 2 {
		db := open(t)
		if _, err := db.Forget(ctx, "", "U0SAME0001"); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, optedOutKeys(t, db.Path())...)
	}
	sum := sha256.Sum256([]byte("tandem-opted-out:U0SAME0001"))
	if len(keys) != 2 || keys[0] == keys[1] || slices.Contains(keys, hex.EncodeToString(sum[:])) {
		t.Errorf("markers %v (unkeyed: %x)", keys, sum)
	}
}

// TestUnkeyedOptOutsStayForgotten: a database from before the keyed marker
// keeps its forgotten people forgotten after the upgrade, and the unkeyed
// hashes leave the files.
func TestUnkeyedOptOutsStayForgotten(t *testing.T) {
	sqliteOnly(t, "a file from before 0008; a PostgreSQL database never held unkeyed rows")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tandem.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	sum := sha256.Sum256([]byte("tandem-opted-out:U0OLD00001"))
	unkeyed := hex.EncodeToString(sum[:])
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	// Make the file look as it was before migration 8.
	for _, q := range []string{`DROP TABLE installation`, `DROP TABLE opted_out`,
		`CREATE TABLE opted_out (user_hash TEXT PRIMARY KEY, created_at TEXT NOT NULL)`,
		`INSERT INTO opted_out VALUES ('` + unkeyed + `', '2026-01-01T00:00:00.000Z')`,
		`DELETE FROM schema_migrations WHERE version = 8`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	for range 2 { // the upgrade, then a plain restart
		db, err = store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		out, err := db.OptedOut(ctx, []tandem.UserID{"U0OLD00001", "U0NEW00001"})
		if err != nil || !out["U0OLD00001"] || out["U0NEW00001"] {
			t.Errorf("opted out after the upgrade: %v, %v", out, err)
		}
		if hits := scanFiles(t, path, unkeyed); len(hits) > 0 {
			t.Errorf("the unkeyed hash is still in the files: %v", hits)
		}
		db.Close()
	}
}
