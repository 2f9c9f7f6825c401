package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// BenchmarkSkillSuggestionAck measures how fast the profile form's skill
// suggestions are answered in the block_suggestion ack, through the fake
// Slack, with 1,000 skills known in the workspace (50 people teaching 20
// each, learning 10). Each op is one suggestion for a prefix of 1 to 4
// characters, the broadest ones matching every skill.
func BenchmarkSkillSuggestionAck(b *testing.B) {
	const people, perPerson = 50, 20
	var opts options
	for i := range people {
		u := fakeslack.User{ID: fmt.Sprintf("U0SUGG%04d", i), Name: fmt.Sprintf("s%d", i), TZ: "UTC"}
		opts.people = append(opts.people, u)
		opts.members = append(opts.members, u.ID)
	}
	a := startApp(b, opts)
	words := []string{"go", "sql", "kubernetes", "design", "rust", "python", "figma", "public speaking", "postgres", "react"}
	for i, u := range opts.members {
		var teach, learn []string
		for j := range perPerson {
			n := i*perPerson + j
			teach = append(teach, fmt.Sprintf("%s %d", words[n%len(words)], n))
			learn = append(learn, fmt.Sprintf("%s %d", words[(n+3)%len(words)], (n*7)%(people*perPerson)))
		}
		if got := a.reply(u, program, "teach "+strings.Join(teach, ", ")); !strings.Contains(got, "You can teach") {
			b.Fatal(got)
		}
		a.reply(u, program, "learn "+strings.Join(learn[:10], ", "))
	}
	user := opts.members[0]
	a.reply(user, program, "profile edit")
	form := a.lastModal(user, "onboard_profile_form")
	prefixes := []string{"g", "s", "k", "d", "r", "p", "f", "go", "sq", "ku", "de", "ru", "py", "pub", "pos", "rea", "go 1", "sql ", "p", "kube"}
	ctx := context.Background()
	var latencies []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sg, err := a.fake.BlockSuggestion(ctx, fakeslack.BlockSuggestion{UserID: user, ViewID: form.ID, BlockID: "profile_teach", ActionID: "onboard_skills", Value: prefixes[i%len(prefixes)]})
		if err != nil || len(sg.Options) == 0 {
			b.Fatalf("suggestion %d: %v, %d options", i, err, len(sg.Options))
		}
		latencies = append(latencies, sg.Latency)
	}
	b.StopTimer()
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(latencies[len(latencies)-1].Microseconds())/1000, "max-ms")
}
