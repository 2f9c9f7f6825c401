package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
)

// BenchmarkCreateRound saves a round of 10,000 people in pairs: 5,000
// groups, their members and one outbox row per intro, in one transaction
// (about 20,000 rows). Target S2: ≤ 1 s.
func BenchmarkCreateRound(b *testing.B) {
	db := open(b)
	ctx := context.Background()
	r := tandem.Round{Program: "C1", Seed: 1, StartedAt: time.Now()}
	for i := 0; i < 10000; i += 2 {
		r.Groups = append(r.Groups, tandem.Group{
			Members: []tandem.UserID{tandem.UserID(fmt.Sprintf("U%05d", i)), tandem.UserID(fmt.Sprintf("U%05d", i+1))},
			Score:   40,
			Why:     []string{"<@U1> can teach <@U2> *go*", "Your working days overlap by at least 8 hours"},
		})
	}
	b.ResetTimer()
	for range b.N {
		if _, err := db.CreateRound(ctx, "", r, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/round")
	b.ReportMetric(20000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
