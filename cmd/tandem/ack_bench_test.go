package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/internal/logbuf"
	"github.com/tandem-dev/tandem/store/storetest"
)

// BenchmarkSlashAck measures how fast slash commands are acknowledged with
// their reply, through the fake Slack, with 50 commands in flight at once:
// each one a profile write and a Block Kit reply; on SQLite
// (synchronous=FULL), and on PostgreSQL with one and with two replicas
// (envelopes spread over both connections). On SQLite it runs with the
// metrics off (http.listen empty) and on, one after the other in the same
// process, so that their p99s compare; elsewhere the metrics are on.
func BenchmarkSlashAck(b *testing.B) {
	const inFlight = 50
	people := make([]fakeslack.User, inFlight)
	members := make([]string, inFlight)
	for i := range people {
		people[i] = fakeslack.User{ID: fmt.Sprintf("U0BENCH%03d", i), Name: fmt.Sprintf("p%d", i), TZ: "UTC"}
		members[i] = people[i].ID
	}
	b.Run("sqlite", func(b *testing.B) {
		b.Run("metrics=off", func(b *testing.B) {
			benchAcks(b, startApp(b, options{people: people, members: members, httpListen: "off"}), members)
		})
		b.Run("metrics=on", func(b *testing.B) {
			benchAcks(b, startApp(b, options{people: people, members: members}), members)
		})
	})
	for _, replicas := range []int{1, 2} {
		b.Run(fmt.Sprintf("postgres-%dreplica", replicas), func(b *testing.B) {
			a := startApp(b, options{people: people, members: members, databaseURL: storetest.PostgresURL(b)})
			if replicas == 2 {
				a.secondReplica(b)
			}
			benchAcks(b, a, members)
		})
	}
}

// secondReplica runs a second `tandem run` on the app's config in this
// process and waits for its connection: on PostgreSQL, a replica.
func (a *testApp) secondReplica(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	exit := make(chan int, 1)
	logs := &logbuf.Buffer{}
	go func() { exit <- runMain(ctx, []string{"run", "-config", a.config}, nil, logs, logs) }()
	b.Cleanup(func() { cancel(); <-exit })
	wctx, wcancel := context.WithTimeout(ctx, 20*time.Second)
	defer wcancel()
	if err := a.fake.WaitConnections(wctx, 2); err != nil {
		b.Fatalf("second replica: %v\n%s", err, logs)
	}
}

func benchAcks(b *testing.B, a *testApp, members []string) {
	const inFlight = 50
	ctx := context.Background()
	var latencies []time.Duration
	var mu sync.Mutex
	burst := func(i int) {
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
	// A few bursts first, untimed, so that the figures are of a running
	// tandem: pools filled, statements prepared, every replica's caches
	// warm with every user (the fake spreads a user's commands over the
	// connections at random).
	for i := range 3 {
		burst(-1 - i)
	}
	latencies = latencies[:0]
	machine0, self0 := cpuSeconds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		burst(i)
	}
	b.StopTimer()
	machine1, self1 := cpuSeconds()
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(latencies))/float64(b.N), "acks/op")
	// Where the time goes: CPU per command of this process (tandem, its
	// replica and the fake Slack) and of the whole machine (PostgreSQL
	// too, and whatever else runs), when /proc/stat can be read.
	commands := float64(len(latencies))
	b.ReportMetric((self1-self0)*1000/commands, "proc-cpu-ms/cmd")
	if machine0 > 0 {
		b.ReportMetric((machine1-machine0)*1000/commands, "machine-cpu-ms/cmd")
	}
}

// cpuSeconds returns the CPU time the whole machine has spent busy (0 if
// /proc/stat cannot be read) and the CPU time of this process.
func cpuSeconds() (machine, self float64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	}
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, self
	}
	line, _, _ := strings.Cut(string(data), "\n")
	fields := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal ...
	for i, v := range fields[1:] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		n, _ := strconv.ParseFloat(v, 64)
		machine += n / 100 // USER_HZ
	}
	return machine, self
}
