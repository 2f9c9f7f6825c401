package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// BenchmarkSlashAck measures how fast slash commands are acknowledged with
// their reply, through the fake Slack, with 50 commands in flight at once:
// each one a profile write (SQLite, synchronous=FULL) and a Block Kit reply.
// It runs with the metrics off (http.listen empty) and on, one after the
// other in the same run, so their p99s compare; -count=N interleaves them.
func BenchmarkSlashAck(b *testing.B) {
	b.Run("metrics=off", func(b *testing.B) { benchSlashAck(b, "off") })
	b.Run("metrics=on", func(b *testing.B) { benchSlashAck(b, "") })
}

func benchSlashAck(b *testing.B, httpListen string) {
	const inFlight = 50
	people := make([]fakeslack.User, inFlight)
	members := make([]string, inFlight)
	for i := range people {
		people[i] = fakeslack.User{ID: fmt.Sprintf("U0BENCH%03d", i), Name: fmt.Sprintf("p%d", i), TZ: "UTC"}
		members[i] = people[i].ID
	}
	a := startApp(b, options{people: people, members: members, httpListen: httpListen})
	ctx := context.Background()
	var latencies []time.Duration
	var mu sync.Mutex
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		for j := range inFlight {
			wg.Go(func() {
				ack, err := a.fake.SlashCommand(ctx, fakeslack.SlashCommand{UserID: members[j], ChannelID: program, Text: fmt.Sprintf("teach go, skill%d", i)})
				if err != nil || ack.Text == "" {
					b.Errorf("command %d: %v %q", j, err, ack.Text)
					return
				}
				mu.Lock()
				latencies = append(latencies, ack.Latency)
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	b.StopTimer()
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(latencies))/float64(b.N), "acks/op")
}
