package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tandem-dev/tandem"
)

// OutboxReader reads the outbox's backlog; *store.DB implements it.
type OutboxReader interface {
	// OutboxBacklog returns, for each kind with messages still to send,
	// how many there are and when the oldest was queued.
	OutboxBacklog(ctx context.Context) ([]tandem.OutboxBacklog, error)
}

// outboxTimeout bounds the query a scrape runs.
const outboxTimeout = 2 * time.Second

// WatchOutbox makes every scrape report the outbox depth by kind and the
// age of the oldest pending message, read from r at scrape time. A failed
// read is logged and the scrape goes on without these two metrics.
func (m *Metrics) WatchOutbox(r OutboxReader, log *slog.Logger) {
	if m == nil {
		return
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m.reg.MustRegister(&outboxCollector{r: r, log: log, now: time.Now})
}

var (
	outboxDepth = prometheus.NewDesc(namespace+"_outbox_pending",
		"Outbox messages still to send, by kind.", []string{"kind"}, nil)
	outboxAge = prometheus.NewDesc(namespace+"_outbox_oldest_pending_age_seconds",
		"Age of the oldest outbox message still to send; 0 when none is.", nil, nil)
)

// outboxKinds are reported even when empty, so a graph shows a 0 rather
// than a gap.
var outboxKinds = []tandem.OutboxKind{tandem.OutboxIntro, tandem.OutboxLeftOut, tandem.OutboxSummary, tandem.OutboxCheckin, tandem.OutboxGhost}

type outboxCollector struct {
	r   OutboxReader
	log *slog.Logger
	now func() time.Time
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepth
	ch <- outboxAge
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), outboxTimeout)
	defer cancel()
	backlog, err := c.r.OutboxBacklog(ctx)
	if err != nil {
		c.log.Warn("metrics: reading the outbox backlog", "err", err)
		return
	}
	depth := map[string]int{}
	for _, k := range outboxKinds {
		depth[string(k)] = 0
	}
	var oldest time.Time
	for _, b := range backlog {
		depth[label(string(b.Kind))] += b.Pending
		if b.Pending > 0 && (oldest.IsZero() || b.Oldest.Before(oldest)) {
			oldest = b.Oldest
		}
	}
	for kind, n := range depth {
		ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(n), kind)
	}
	age := 0.0
	if !oldest.IsZero() {
		age = max(c.now().Sub(oldest).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(outboxAge, prometheus.GaugeValue, age)
}
