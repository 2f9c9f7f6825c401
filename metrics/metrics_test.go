package metrics_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/internal/scrape"
	"github.com/tandem-dev/tandem/metrics"
	"github.com/tandem-dev/tandem/store"
)

// scrapeOf serves m's handler and parses what it serves.
func scrapeOf(t *testing.T, m *metrics.Metrics) scrape.Families {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	fams, err := scrape.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return fams
}

func TestSlackCallsCountedByMethodAndResult(t *testing.T) {
	t.Parallel()
	fake := fakeslack.New(t)
	fake.AddUser(fakeslack.User{ID: "U0ANA00001", Name: "ana"})
	fake.AddChannel("C0LEARN001", "learning", "U0ANA00001", fake.BotUserID())
	m := metrics.New()
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.APIURL()),
		slack.OptionHTTPClient(&http.Client{Transport: m.SlackTransport(fake.APIURL(), nil)}))
	ctx := context.Background()

	if _, err := api.AuthTestContext(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessageContext(ctx, "C0LEARN001", slack.MsgOptionText("hi", false)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessageContext(ctx, "C0LEARN001", slack.MsgOptionText("again", false)); err != nil {
		t.Fatal(err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U0NOBODY01"); err == nil {
		t.Fatal("users.info of an unknown user succeeded")
	}
	fake.RateLimit("conversations.info", 1, time.Second)
	if _, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "C0LEARN001"}); err == nil {
		t.Fatal("a rate-limited call succeeded")
	}
	fake.FailHTTP("conversations.members", 1, http.StatusServiceUnavailable)
	_, _, _ = api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "C0LEARN001"})

	f := scrapeOf(t, m)
	const calls = "tandem_slack_api_calls_total"
	for _, c := range []struct {
		method, result string
		want           float64
	}{
		{"auth.test", "ok", 1},
		{"chat.postMessage", "ok", 2},
		{"users.info", "user_not_found", 1},
		{"conversations.info", "rate_limited", 1},
		{"conversations.members", "http_503", 1},
	} {
		if got := f.Value(calls, "method", c.method, "result", c.result); got != c.want {
			t.Errorf("%s{method=%s,result=%s} = %v, want %v", calls, c.method, c.result, got, c.want)
		}
	}
	if got := f.Value("tandem_slack_api_duration_seconds", "method", "chat.postMessage"); got != 2 {
		t.Errorf("latency samples of chat.postMessage = %v, want 2", got)
	}
	if got := f.Value(calls); got != 6 {
		t.Errorf("%d calls counted in all, want 6", int(got))
	}
}

func TestSlackTransportKeepsIDsOutOfLabels(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":false,"error":"U0ANA00001 said Hello"}`))
	}))
	defer srv.Close()
	m := metrics.New()
	client := &http.Client{Transport: m.SlackTransport(srv.URL+"/api/", nil)}
	for _, path := range []string{"/api/C0LEARN001", "/api/chat.postMessage/U0ANA00001", "/response/T0TEAM0001/123", "/api/usersU0ANA00001"} {
		resp, err := client.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	assertNoIDs(t, scrapeOf(t, m))
}

func TestOutboxDepthIsReadAtScrapeTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m := metrics.New()
	m.WatchOutbox(db, nil)
	if f := scrapeOf(t, m); f.Value("tandem_outbox_pending", "kind", "intro") != 0 || !f.Has("tandem_outbox_pending") {
		t.Fatalf("empty outbox: families %s", f)
	}
	queued := time.Now().Add(-time.Minute)
	db.Now = func() time.Time { return queued }
	r := tandem.Round{Program: "C0LEARN001", Seed: 1, StartedAt: queued, Groups: []tandem.Group{
		{Members: []tandem.UserID{"U1", "U2"}}, {Members: []tandem.UserID{"U3", "U4"}},
	}, LeftOut: []tandem.LeftOut{{User: "U5", Code: tandem.LeftAlone}}}
	if _, err := db.CreateRound(ctx, "", r, nil); err != nil {
		t.Fatal(err)
	}
	f := scrapeOf(t, m)
	if got := f.Value("tandem_outbox_pending", "kind", "intro"); got != 2 {
		t.Errorf("intros pending = %v, want 2", got)
	}
	if got := f.Value("tandem_outbox_pending", "kind", "left_out"); got != 1 {
		t.Errorf("left_out pending = %v, want 1", got)
	}
	if age := f.Value("tandem_outbox_oldest_pending_age_seconds"); age < 59 || age > 600 {
		t.Errorf("oldest pending age = %vs, want about 60", age)
	}
}

func TestCountersAndRuntimeCollectors(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.EnvelopeReceived("slash_commands")
	m.EnvelopeReceived("slash_commands")
	m.EnvelopeReceived("interactive")
	m.Acked("slash_commands", 3*time.Millisecond)
	m.MessageSent("intro")
	m.RoundRun(3)
	m.RoundRun(0)
	m.JobRan("match", "ok")
	m.JobRan("checkin", "error")
	m.ObserveWrite(time.Millisecond)
	m.ObserveWriteRetry()
	m.ObserveWriteRetry()
	m.SetLeader(true)
	m.EnvelopeReceived("U0ANA00001") // a mistake in a caller must not leak an ID
	f := scrapeOf(t, m)
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"tandem_envelopes_received_total", []string{"type", "slash_commands"}, 2},
		{"tandem_envelopes_received_total", []string{"type", "interactive"}, 1},
		{"tandem_envelopes_received_total", []string{"type", "other"}, 1},
		{"tandem_ack_duration_seconds", []string{"type", "slash_commands"}, 1},
		{"tandem_messages_sent_total", []string{"kind", "intro"}, 1},
		{"tandem_rounds_total", nil, 2},
		{"tandem_round_people_left_out_total", nil, 3},
		{"tandem_job_runs_total", []string{"job", "match", "result", "ok"}, 1},
		{"tandem_job_runs_total", []string{"job", "checkin", "result", "error"}, 1},
		{"tandem_db_write_duration_seconds", nil, 1},
		{"tandem_db_write_retries_total", nil, 2},
		{"tandem_leader", nil, 1},
	} {
		if got := f.Value(c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if ts := f.Value("tandem_job_last_success_timestamp_seconds", "job", "match"); time.Since(time.Unix(int64(ts), 0)) > time.Minute {
		t.Errorf("last success of match at %v", time.Unix(int64(ts), 0))
	}
	if f.Has("tandem_job_last_success_timestamp_seconds") && f.Value("tandem_job_last_success_timestamp_seconds", "job", "checkin") != 0 {
		t.Error("a failed job has a last success time")
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes"} {
		if !f.Has(name) {
			t.Errorf("%s missing: the runtime and process collectors are not registered", name)
		}
	}
	assertNoIDs(t, f)
}

func TestTwoInstancesDoNotCollide(t *testing.T) {
	t.Parallel()
	a, b := metrics.New(), metrics.New()
	a.RoundRun(1)
	if got := scrapeOf(t, b).Value("tandem_rounds_total"); got != 0 {
		t.Errorf("b counts a's round: %v", got)
	}
}

func TestNilMetricsDoNothing(t *testing.T) {
	var m *metrics.Metrics
	m.EnvelopeReceived("slash_commands")
	m.RoundRun(1)
	m.ObserveWrite(time.Millisecond)
	if m.SlackTransport("http://x/api/", http.DefaultTransport) != http.DefaultTransport {
		t.Error("a nil Metrics wrapped the transport")
	}
}

var slackIDShape = regexp.MustCompile(`[UWCGDT][A-Z0-9]{8,}`)

// assertNoIDs fails if any label value looks like a Slack ID.
func assertNoIDs(t *testing.T, f scrape.Families) {
	t.Helper()
	for _, lv := range f.LabelValues() {
		if slackIDShape.MatchString(lv) {
			t.Errorf("label holds an ID: %s", lv)
		}
	}
}
