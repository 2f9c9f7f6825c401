package insight_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/insight"
	"github.com/tandem-dev/tandem/store"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// directory is a workspace's channels and their members.
type directory map[tandem.ChannelID][]tandem.UserID

func (d directory) Members(_ context.Context, ch tandem.ChannelID) ([]tandem.Member, error) {
	var out []tandem.Member
	for _, id := range d[ch] {
		out = append(out, tandem.Member{ID: id})
	}
	return out, nil
}

// open returns a store on a fresh file, and its path.
func open(t testing.TB) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tandem.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return now }
	t.Cleanup(func() { db.Close() })
	return db, path
}

// plant writes profiles straight into the database file: user -> skills
// taught and wanted, in one transaction, as fast as a benchmark needs.
func plant(t testing.TB, path string, people map[tandem.UserID][2][]string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	tx, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	ts := now.Format(time.RFC3339Nano)
	for u, s := range people {
		if _, err := tx.Exec(`INSERT INTO profiles (user_id, created_at, updated_at) VALUES (?, ?, ?)`, u, ts, ts); err != nil {
			t.Fatal(err)
		}
		for i, kind := range []string{"teach", "learn"} {
			for _, sk := range s[i] {
				if _, err := tx.Exec(`INSERT INTO skills (user_id, kind, skill) VALUES (?, ?, ?)`, u, kind, sk); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func program(t testing.TB, db *store.DB, ch tandem.ChannelID, name string) {
	t.Helper()
	p := tandem.NewProgram(ch, "UTC")
	p.Name = name
	if err := db.CreateProgram(context.Background(), "", p); err != nil {
		t.Fatal(err)
	}
}

func users(prefix string, n int) []tandem.UserID {
	out := make([]tandem.UserID, n)
	for i := range out {
		out[i] = tandem.UserID(fmt.Sprintf("U%s%05d", prefix, i))
	}
	return out
}

// TestSkillsShowUnmetWishesAndNeverARareOne: 12 want kubernetes and nobody
// teaches it; 3 want rust; 6 teach go and nobody wants it; 20 want sql
// and 5 teach it. kubernetes tops the unmet wishes with 12 and 0, rust is
// only counted under other, and the suggestions follow from the numbers.
func TestSkillsShowUnmetWishesAndNeverARareOne(t *testing.T) {
	t.Parallel()
	db, path := open(t)
	ctx := context.Background()
	program(t, db, "C0LEARN001", "learning")
	program(t, db, "C0PLATFORM", "platform")
	people := map[tandem.UserID][2][]string{}
	learners := users("K", 20)
	for i, u := range learners {
		s := [2][]string{nil, {"sql"}}
		if i < 12 {
			s[1] = append(s[1], "kubernetes")
		}
		if i < 3 {
			s[1] = append(s[1], "rust")
		}
		people[u] = s
	}
	teachers := users("T", 6)
	for i, u := range teachers {
		s := [2][]string{{"go"}, nil}
		if i < 5 {
			s[0] = append(s[0], "sql")
		}
		people[u] = s
	}
	platform := users("P", 5)
	for _, u := range platform {
		people[u] = [2][]string{{"kubernetes"}, nil}
	}
	plant(t, path, people)
	svc := insight.New(insight.Config{Store: db, Directory: directory{
		"C0LEARN001": append(learners, teachers...),
		"C0PLATFORM": platform,
	}, Privacy: tandem.Privacy{MinGroup: 5}, Now: func() time.Time { return now }})

	views, err := svc.Skills(ctx, "C0LEARN001")
	if err != nil {
		t.Fatal(err)
	}
	if len(views) != 1 || views[0].Program == nil || views[0].Program.Name != "learning" {
		t.Fatalf("views of one program: %+v", views)
	}
	v := views[0]
	if len(v.Unmet) == 0 || v.Unmet[0].Skill != "kubernetes" || v.Unmet[0].Learn.String() != "12" || v.Unmet[0].Teach.String() != "0" {
		t.Errorf("top unmet wish = %+v, want kubernetes with 12 and 0", v.Unmet)
	}
	for _, f := range v.All {
		if f.Skill == "rust" {
			t.Errorf("rust, wanted by 3, is named: %+v", f)
		}
	}
	if v.Other != 1 {
		t.Errorf("other = %d skills, want 1 (rust)", v.Other)
	}
	if len(v.Busiest) != 1 || v.Busiest[0].Skill != "sql" || v.Busiest[0].PerTeacher.String() != "4.0" {
		t.Errorf("busiest = %+v, want sql with 4.0 learners per teacher", v.Busiest)
	}
	if len(v.Unwanted) != 1 || v.Unwanted[0].Skill != "go" || v.Unwanted[0].Teach.String() != "6" {
		t.Errorf("unwanted = %+v, want go taught by 6", v.Unwanted)
	}
	kinds := map[insight.SuggestionKind]insight.Suggestion{}
	for _, s := range v.Suggestions {
		kinds[s.Kind] = s
	}
	if s := kinds[insight.NoTeacher]; s.Skill.Skill != "kubernetes" || strings.Join(s.TaughtIn, ",") != "platform" {
		t.Errorf("no-teacher suggestion = %+v, want kubernetes, taught in platform", s)
	}
	if kinds[insight.Busy].Skill.Skill != "sql" || kinds[insight.Unwanted].Skill.Skill != "go" {
		t.Errorf("suggestions = %+v", v.Suggestions)
	}

	all, err := svc.Skills(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].Program != nil {
		t.Fatalf("want all programs, then each: %+v", all)
	}
	// Across programs the 5 teachers of #platform count: kubernetes is no
	// longer unmet, it has 2.4 learners per teacher.
	for _, f := range all[0].Unmet {
		if f.Skill == "kubernetes" {
			t.Errorf("across programs kubernetes is unmet: %+v", f)
		}
	}
	found := false
	for _, f := range all[0].Busiest {
		found = found || f.Skill == "kubernetes" && f.PerTeacher.String() == "2.4"
	}
	if !found {
		t.Errorf("across programs kubernetes is not among the skills with teachers: %+v", all[0].Busiest)
	}
}

// TestSkillsHideFiguresUnderTheThreshold: with min_group 5, a skill 4
// people teach and 7 want shows "fewer than 5" teachers, and raising the
// threshold to 8 moves the skill under other.
func TestSkillsHideFiguresUnderTheThreshold(t *testing.T) {
	t.Parallel()
	db, path := open(t)
	ctx := context.Background()
	program(t, db, "C0LEARN001", "learning")
	people := map[tandem.UserID][2][]string{}
	ids := users("A", 11)
	for i, u := range ids {
		if i < 4 {
			people[u] = [2][]string{{"python"}, nil}
		} else {
			people[u] = [2][]string{nil, {"python"}}
		}
	}
	plant(t, path, people)
	dir := directory{"C0LEARN001": ids}
	for _, tc := range []struct {
		min         int
		teach, want string
		other       int
	}{{5, "fewer than 5", "7", 0}, {8, "", "", 1}} {
		svc := insight.New(insight.Config{Store: db, Directory: dir, Privacy: tandem.Privacy{MinGroup: tc.min}})
		views, err := svc.Skills(ctx, "C0LEARN001")
		if err != nil {
			t.Fatal(err)
		}
		v := views[0]
		if v.Other != tc.other {
			t.Errorf("min %d: other = %d, want %d", tc.min, v.Other, tc.other)
		}
		if tc.teach == "" {
			if len(v.All) != 0 {
				t.Errorf("min %d: named %+v", tc.min, v.All)
			}
			continue
		}
		if len(v.Unmet) != 1 || v.Unmet[0].Teach.String() != tc.teach || v.Unmet[0].Learn.String() != tc.want {
			t.Errorf("min %d: unmet = %+v, want python with %s teaching and %s wanting", tc.min, v.Unmet, tc.teach, tc.want)
		}
		if s := v.Suggestions; len(s) != 1 || s[0].Kind != insight.FewTeachers {
			t.Errorf("min %d: suggestions = %+v, want one about too few teachers", tc.min, s)
		}
	}
}

// TestDigestIsQueuedOncePerFiring: a firing queues the digest and its
// chart for every admin; running the same firing again queues nothing.
func TestDigestIsQueuedOncePerFiring(t *testing.T) {
	t.Parallel()
	db, _ := open(t)
	ctx := context.Background()
	program(t, db, "C0LEARN001", "learning")
	woken := 0
	svc := insight.New(insight.Config{Store: db, Directory: directory{}, Privacy: tandem.Privacy{MinGroup: 5},
		Admins: []tandem.UserID{"U0ADMIN001", "U0ADMIN002"}, Wake: func() { woken++ }})
	key := tandem.FiringKey("C0LEARN001/digest", now)
	for range 2 {
		if err := svc.ScheduledDigest(ctx, key, "C0LEARN001"); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.ScheduledDigest(ctx, tandem.FiringKey("C0LEARN001/digest", now.AddDate(0, 1, 0)), "C0LEARN001"); err != nil {
		t.Fatal(err)
	}
	items, err := db.PendingOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, it := range items {
		if it.Program != "C0LEARN001" {
			t.Errorf("outbox item %+v is not about the program", it)
		}
		got[string(it.User)+" "+string(it.Kind)]++
	}
	want := map[string]int{"U0ADMIN001 digest": 2, "U0ADMIN001 digest_chart": 2, "U0ADMIN002 digest": 2, "U0ADMIN002 digest_chart": 2}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("queued %v, want %v (two firings, one digest each per admin)", got, want)
	}
	if woken != 2 {
		t.Errorf("the sender was woken %d times, want 2", woken)
	}
}
