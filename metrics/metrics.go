// Package metrics counts what tandem does, for Prometheus.
//
// A Metrics owns its own registry, so two of them (two tandems in one test
// process) never collide and nothing registers globally. Other packages call
// its small methods through interfaces they declare themselves; the Slack
// Web API is measured by wrapping the HTTP transport slack-go uses.
//
// Labels carry only names chosen by code: envelope types, API methods and
// error codes, message and job kinds. Never a user or channel ID, never text
// a person wrote: every label value passes through label, which maps
// anything that does not look like a code name to "other".
package metrics

import (
	"net/http"
	"regexp"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes every tandem metric.
const namespace = "tandem"

// Metrics holds tandem's collectors and the registry they are served from.
// Its methods are safe for concurrent use. A nil *Metrics does nothing, so a
// caller with metrics turned off needs no checks of its own.
type Metrics struct {
	reg *prometheus.Registry

	envelopes  *prometheus.CounterVec
	ackLatency *prometheus.HistogramVec
	apiCalls   *prometheus.CounterVec
	apiLatency *prometheus.HistogramVec
	sent       *prometheus.CounterVec
	rounds     prometheus.Counter
	leftOut    prometheus.Counter
	jobRuns    *prometheus.CounterVec
	jobSuccess *prometheus.GaugeVec
	dbWrites   prometheus.Histogram
	dbRetries  prometheus.Counter
	leader     prometheus.Gauge
}

// New returns a Metrics with tandem's collectors and the Go runtime and
// process collectors registered.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		envelopes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "envelopes_received_total",
			Help: "Socket Mode envelopes received, by envelope type.",
		}, []string{"type"}),
		ackLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "ack_duration_seconds",
			Help:    "Time from receiving an envelope to writing its ack, by envelope type. Slack allows 3 s.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 5},
		}, []string{"type"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "slack_api_calls_total",
			Help: "Slack Web API calls, by method and result: ok, rate_limited, Slack's error code, http_NNN or transport_error.",
		}, []string{"method", "result"}),
		apiLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "slack_api_duration_seconds",
			Help:    "Latency of Slack Web API calls, by method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method"}),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "messages_sent_total",
			Help: "Outbox messages Slack took, by kind.",
		}, []string{"kind"}),
		rounds: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "rounds_total",
			Help: "Matching rounds run, scheduled or by an admin.",
		}),
		leftOut: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "round_people_left_out_total",
			Help: "People a round could not place, summed over rounds.",
		}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "job_runs_total",
			Help: "Scheduled job runs, by job kind and result (ok, error, panic).",
		}, []string{"job", "result"}),
		jobSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: namespace, Name: "job_last_success_timestamp_seconds",
			Help: "Unix time of the last successful run, by job kind.",
		}, []string{"job"}),
		dbWrites: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "db_write_duration_seconds",
			Help:    "Time a database write waits until it is committed (group commit and retries included).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}),
		dbRetries: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "db_write_retries_total",
			Help: "PostgreSQL writes run again after the server aborted them to break a deadlock.",
		}),
		leader: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "leader",
			Help: "1 while this process runs the schedules and sends the outbox, else 0.",
		}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.envelopes, m.ackLatency, m.apiCalls, m.apiLatency, m.sent,
		m.rounds, m.leftOut, m.jobRuns, m.jobSuccess, m.dbWrites, m.dbRetries, m.leader,
	)
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// EnvelopeReceived counts one Socket Mode envelope of type typ
// (slash_commands, interactive, events_api).
func (m *Metrics) EnvelopeReceived(typ string) {
	if m == nil {
		return
	}
	m.envelopes.WithLabelValues(label(typ)).Inc()
}

// Acked records how long an envelope of type typ waited for its ack.
func (m *Metrics) Acked(typ string, d time.Duration) {
	if m == nil {
		return
	}
	m.ackLatency.WithLabelValues(label(typ)).Observe(d.Seconds())
}

// MessageSent counts one outbox message of kind Slack took.
func (m *Metrics) MessageSent(kind string) {
	if m == nil {
		return
	}
	m.sent.WithLabelValues(label(kind)).Inc()
}

// RoundRun counts one round and the people it could not place.
func (m *Metrics) RoundRun(leftOut int) {
	if m == nil {
		return
	}
	m.rounds.Inc()
	m.leftOut.Add(float64(max(leftOut, 0)))
}

// JobRan counts one run of a scheduled job of kind job (match, checkin,
// ...) with its result, and on "ok" records the time of success.
func (m *Metrics) JobRan(job, result string) {
	if m == nil {
		return
	}
	job = label(job)
	m.jobRuns.WithLabelValues(job, label(result)).Inc()
	if result == "ok" {
		m.jobSuccess.WithLabelValues(job).SetToCurrentTime()
	}
}

// ObserveWrite records how long one database write took to commit. It
// implements store.WriteObserver.
func (m *Metrics) ObserveWrite(d time.Duration) {
	if m == nil {
		return
	}
	m.dbWrites.Observe(d.Seconds())
}

// ObserveWriteRetry counts a database write that runs again because
// PostgreSQL aborted it to break a deadlock. It implements
// store.WriteObserver.
func (m *Metrics) ObserveWriteRetry() {
	if m == nil {
		return
	}
	m.dbRetries.Inc()
}

// SetLeader says whether this process is the one that runs the schedules
// and sends the outbox. A single SQLite process always is.
func (m *Metrics) SetLeader(leader bool) {
	if m == nil {
		return
	}
	if leader {
		m.leader.Set(1)
	} else {
		m.leader.Set(0)
	}
}

// codeName is what a label value may look like: lowercase code names such
// as chat.postMessage, slash_commands or channel_not_found. Slack IDs are
// upper case, so none can pass.
var codeName = regexp.MustCompile(`^[a-z][a-zA-Z0-9_.]{0,47}$`)

// label returns s if it looks like a code name, else "other", so that no
// ID or free text ever becomes a label value.
func label(s string) string {
	if codeName.MatchString(s) && !hasIDShape(s) {
		return s
	}
	return "other"
}

// hasIDShape reports whether s holds something shaped like a Slack ID
// (U, W, C, G, D or T followed by 8 or more capitals and digits), which
// the camel case of method names would otherwise let through.
func hasIDShape(s string) bool { return slackID.MatchString(s) }

var slackID = regexp.MustCompile(`[UWCGDTB][A-Z0-9]{7,}`)
