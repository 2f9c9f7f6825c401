package metrics_test

import (
	"testing"
	"time"

	"github.com/tandem-dev/tandem/metrics"
)

// BenchmarkAckPathMetrics is what the metrics add to one slash command's
// ack path: the envelope counted, its database write and its ack latency
// observed. Compare with the ack latency itself (BenchmarkSlashAck).
func BenchmarkAckPathMetrics(b *testing.B) {
	m := metrics.New()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.EnvelopeReceived("slash_commands")
			m.ObserveWrite(700 * time.Microsecond)
			m.Acked("slash_commands", 3*time.Millisecond)
		}
	})
}
