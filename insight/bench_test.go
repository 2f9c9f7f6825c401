package insight_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/insight"
	"github.com/tandem-dev/tandem/render"
)

// BenchmarkReportSkills is `report skills #channel` past the Slack edge
// over 10,000 people and 2,000 distinct skills: the store's count on a real
// SQLite file, the views and suggestions, and the Block Kit. Each person
// teaches 3 skills and wants 3, drawn with a Zipf skew so that some skills
// are popular and most are rare. Target: under 200 ms (docs/benchmarks.md).
func BenchmarkReportSkills(b *testing.B) {
	db, path := open(b)
	ctx := context.Background()
	program(b, db, "C0LEARN001", "learning")
	rng := rand.New(rand.NewPCG(17, 2026))
	zipf := rand.NewZipf(rng, 1.1, 8, 1999)
	ids := users("B", 10000)
	people := make(map[tandem.UserID][2][]string, len(ids))
	distinct := map[string]bool{}
	for i, u := range ids {
		var s [2][]string
		for k := range 2 {
			seen := map[string]bool{}
			for len(seen) < 3 {
				n := int(zipf.Uint64())
				if k == 0 {
					n = (n*7 + i) % 2000 // teachers spread wider than wishes
				}
				sk := fmt.Sprintf("skill %04d", n)
				if i < 2000 && k == 1 && len(seen) == 0 {
					sk = fmt.Sprintf("skill %04d", i) // every skill is named by someone
				}
				seen[sk] = true
			}
			for sk := range seen {
				s[k] = append(s[k], sk)
				distinct[sk] = true
			}
		}
		people[u] = s
	}
	if len(distinct) != 2000 {
		b.Fatalf("%d distinct skills, want 2000", len(distinct))
	}
	plant(b, path, people)
	svc := insight.New(insight.Config{Store: db, Directory: directory{"C0LEARN001": ids}, Privacy: tandem.Privacy{MinGroup: 5}})
	views := render.Renderer{Command: "/tandem"}
	b.ResetTimer()
	for b.Loop() {
		vs, err := svc.Skills(ctx, "C0LEARN001")
		if err != nil {
			b.Fatal(err)
		}
		if r := views.Skills(vs[0]); len(r.Blocks) < 3 || len(vs[0].Unmet)+len(vs[0].Busiest) == 0 {
			b.Fatalf("a view with nothing in it: %d blocks", len(r.Blocks))
		}
	}
}
