package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/chart"
	"github.com/tandem-dev/tandem/insight"
	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// crowd returns n people for the program channel, with names that must
// never appear in an aggregate.
func crowd(n int) ([]fakeslack.User, []string) {
	var users []fakeslack.User
	var ids []string
	for i := range n {
		u := fakeslack.User{ID: fmt.Sprintf("U0CROWD%03d", i), Name: fmt.Sprintf("crowd%02d", i), RealName: fmt.Sprintf("Quincy Crowdmember%02d", i), TZ: "Europe/Berlin"}
		users, ids = append(users, u), append(ids, u.ID)
	}
	return users, ids
}

// noOneNamed fails the test if text holds a user or channel ID or a name.
func noOneNamed(t *testing.T, what, text string, users []fakeslack.User) {
	t.Helper()
	needles := []string{ana, bob, chen, admin, program, general, "Ana Lima", "Bob Meyer", "Hanna Ruiz", "<@", "<#"}
	for _, u := range users {
		needles = append(needles, u.ID, u.Name, u.RealName)
	}
	for _, n := range needles {
		if strings.Contains(text, n) {
			t.Errorf("%s shows %q:\n%s", what, n, text)
		}
	}
}

// TestReportSkillsShowsUnmetWishesAndNoOne: 12 people want to learn
// kubernetes and nobody teaches it; 3 want rust. `report skills` puts
// kubernetes at the top of the unmet wishes with 12 and 0, counts rust
// only under "other", and names no one.
func TestReportSkillsShowsUnmetWishesAndNoOne(t *testing.T) {
	t.Parallel()
	people, ids := crowd(15)
	a := startApp(t, options{people: people, members: ids})
	for i, id := range ids {
		switch {
		case i < 3:
			a.reply(id, program, "learn kubernetes, rust")
		case i < 12:
			a.reply(id, program, "learn kubernetes")
		default:
			a.reply(id, program, "teach go")
		}
	}
	for _, text := range []string{"report skills <#C0LEARN001|learning>", "report skills"} {
		got := a.reply(admin, general, text)
		mustContain(t, got, "Skills in #learning", "15 people* counted",
			"Top unmet wishes", "• *kubernetes*: 12 want to learn, 0 teach",
			"other (1 skill)", "fewer than 5 each",
			"No one here teaches *kubernetes*, and 12 want to learn it.",
			"never a name")
		if strings.Contains(got, "rust") {
			t.Errorf("%s names rust, wanted by 3 people:\n%s", text, got)
		}
		if strings.Contains(got, "*go*") {
			t.Errorf("%s names go, taught by 3 people:\n%s", text, got)
		}
		if i := strings.Index(got, "Top unmet wishes"); i < 0 || !strings.HasPrefix(got[strings.Index(got[i:], "•")+i:], "• *kubernetes*") {
			t.Errorf("kubernetes is not the top unmet wish:\n%s", got)
		}
		noOneNamed(t, text, got, people)
	}
	report := a.reply(admin, general, "report <#C0LEARN001|learning>")
	mustContain(t, report, "15 taking part")
	noOneNamed(t, "report", report, people)
	mustContain(t, a.reply(ana, general, "report skills"), "Only tandem admins can do that")

	// The same views as CSV, under the same rule, while tandem serves.
	out := filepath.Join(t.TempDir(), "aggregates")
	var stdout, stderr bytes.Buffer
	if code := runMain(context.Background(), []string{"export", "-config", a.config, "-aggregates", "-out", out}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("export -aggregates exited with %d: %s", code, stderr.String())
	}
	all := map[string]string{}
	for _, name := range []string{"report.csv", "skills.csv", "skill_suggestions.csv", "trends.csv"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		all[name] = string(data)
		noOneNamed(t, name, string(data), people)
		if strings.Contains(string(data), "rust") {
			t.Errorf("%s names rust:\n%s", name, data)
		}
	}
	mustContain(t, all["skills.csv"], "scope,skill,teach,want_to_learn,learners_per_teacher\n", "#learning,kubernetes,0,12,n/a\n", "#learning,other (1 skill),,fewer than 5 each,\n")
	mustContain(t, all["report.csv"], "#learning,15,0,")
	mustContain(t, all["skill_suggestions.csv"], "#learning,no_teacher,kubernetes,0,12,")
	if code := runMain(context.Background(), []string{"export", "-config", a.config, "-aggregates", "-with-note-text", "-out", out}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("export -aggregates -with-note-text exited with %d, want 2", code)
	}
	a.noViolations()
}

// TestTrendsChartReachesTheAdminsDM: after 12 rounds of 6 people,
// `report trends` answers with a table of 12 rounds and uploads a PNG to
// the admin's DM through both upload steps; the image shows 12 points of
// participants, and its file name holds no ID.
func TestTrendsChartReachesTheAdminsDM(t *testing.T) {
	t.Parallel()
	people, ids := crowd(6)
	a := startApp(t, options{people: people, members: ids})
	met := map[string]bool{}
	for i := range 12 {
		a.round(3 * (i + 1))
		// Every group says it met, so nobody is paused for silence.
		for _, m := range a.fake.AllMessages() {
			if !strings.Contains(m.Text, "partners in tandem") || met[m.TS] {
				continue
			}
			met[m.TS] = true
			for _, u := range a.fake.Members(m.Channel) {
				if u != a.fake.BotUserID() {
					a.press(u, m, "tandem_met", "")
					break
				}
			}
		}
	}
	got := a.replyInFull(admin, general, "report trends <#C0LEARN001|learning>")
	mustContain(t, got, "Trends: #learning, last 12 rounds", "the chart is in your DM")
	for r := 1; r <= 12; r++ {
		mustContain(t, got, fmt.Sprintf("\n%-5d ", r))
	}
	noOneNamed(t, "trends", got, people)

	files := a.fake.Files()
	if len(files) != 1 {
		t.Fatalf("%d files uploaded, want 1", len(files))
	}
	f := files[0]
	for _, m := range []string{"files.getUploadURLExternal", fakeslack.UploadURLMethod, "files.completeUploadExternal"} {
		if n := len(a.fake.CallsTo(m)); n != 1 {
			t.Errorf("%d calls to %s, want 1", n, m)
		}
	}
	if dm := a.fake.DMChannel(admin); !f.Completed || len(f.Channels) != 1 || f.Channels[0] != dm {
		t.Errorf("the chart was shared in %v (completed %v), want the admin's DM %s", f.Channels, f.Completed, dm)
	}
	if !strings.HasPrefix(f.Name, "tandem-trends-learning-") || !strings.HasSuffix(f.Name, ".png") {
		t.Errorf("file name %q", f.Name)
	}
	noOneNamed(t, "the chart's file name and title", f.Name+" "+f.Title+" "+f.AltText, people)
	cfg, err := png.DecodeConfig(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("the uploaded bytes are not a PNG: %v", err)
	}
	if cfg.Width < 600 || cfg.Height < 300 || cfg.Width > 2000 || cfg.Height > 2000 {
		t.Errorf("the chart is %dx%d pixels", cfg.Width, cfg.Height)
	}
	participants := chart.Lines(insight.Trends{})[0]
	if n, err := chart.Markers(f.Data, participants); err != nil || n != 12 {
		t.Errorf("the chart shows %d points of participants (%v), want 12, one per round", n, err)
	}
	a.noViolations()
}

// TestDigestReachesEveryAdminOncePerFiring: with a digest every second,
// across a restart, each admin gets exactly one digest (messages and
// chart) per firing the scheduler's ledger recorded as run.
func TestDigestReachesEveryAdminOncePerFiring(t *testing.T) {
	t.Parallel()
	const admin2 = "U0ADMIN002"
	people, ids := crowd(6)
	people = append(people, fakeslack.User{ID: admin2, Name: "hr2", RealName: "Hugo Ruiz", TZ: "UTC"})
	a := startApp(t, options{people: people, members: ids, admins: []string{admin, admin2}})
	// A round first, so that every digest has a chart to send.
	a.round(3)
	mustContain(t, a.reply(admin, general, `program set <#C0LEARN001|learning> digest="@every 1s"`), "Changed `digest`")
	digests := func(user string) (msgs, charts int) {
		dm := a.fake.DMChannel(user)
		for _, m := range a.fake.Messages(dm) {
			if strings.Contains(m.AllText(), "Your monthly tandem digest for #learning") {
				msgs++
			}
		}
		for _, f := range a.fake.Files() {
			if f.Completed && len(f.Channels) == 1 && f.Channels[0] == dm {
				charts++
			}
		}
		return msgs, charts
	}
	atLeast := func(n int) func() bool {
		return func() bool {
			for _, u := range []string{admin, admin2} {
				if m, c := digests(u); m < n || c < n {
					return false
				}
			}
			return true
		}
	}
	a.waitFor("a first digest for both admins", atLeast(1))
	a.restart()
	a.waitFor("a digest after the restart", atLeast(2))
	mustContain(t, a.reply(admin, general, `program set <#C0LEARN001|learning> digest=off`), "Changed `digest`")
	dbPath := filepath.Join(a.dir, "tandem.db")
	ran := func() (ran, pending int) {
		db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro&_pragma=busy_timeout(5000)")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.QueryRow(`SELECT count(*) FROM firings WHERE job_key = ? AND status = 'ran'`, program+"/digest").Scan(&ran); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT count(*) FROM outbox WHERE status = 'pending' OR (kind LIKE 'digest%' AND status = 'failed')`).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		return ran, pending
	}
	// The job is gone; wait until everything it queued went out.
	a.waitFor("the outbox to drain", func() bool { _, p := ran(); return p == 0 })
	if code := a.stop(); code != 0 {
		t.Fatalf("tandem exited with %d", code)
	}
	firings, pending := ran()
	if pending != 0 {
		t.Fatalf("%d digest messages pending or failed", pending)
	}
	if firings < 2 {
		t.Fatalf("%d digest firings ran, want at least 2", firings)
	}
	for _, u := range []string{admin, admin2} {
		if m, c := digests(u); m != firings || c != firings {
			t.Errorf("%s got %d digests and %d charts for %d firings", u, m, c, firings)
		}
	}
	for _, m := range a.fake.Messages(a.fake.DMChannel(admin)) {
		if !strings.Contains(m.Text, "is out") { // the round's summary is no digest
			noOneNamed(t, "the digest", m.AllText(), people[:6])
		}
	}
	if os.Getenv("TANDEM_SHOW_DIGEST") != "" {
		for _, m := range a.fake.Messages(a.fake.DMChannel(admin)) {
			t.Log(m.AllText())
		}
	}
}
