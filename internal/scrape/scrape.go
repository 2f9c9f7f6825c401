// Package scrape reads a Prometheus text exposition for tests: it fetches
// or parses one and looks values up by metric name and labels, so that a
// test asserts numbers rather than the presence of names.
package scrape

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Families are the parsed metric families, by name.
type Families map[string]*dto.MetricFamily

// Parse parses the text format.
func Parse(r io.Reader) (Families, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		return nil, fmt.Errorf("scrape: %w", err)
	}
	return Families(fams), nil
}

// Get fetches url and parses the answer, which must be 200.
func Get(url string) (Families, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, fmt.Errorf("scrape: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("scrape: %s: %s", url, resp.Status)
	}
	return Parse(resp.Body)
}

// Value returns the value of the series of metric name whose labels include
// every name=value pair given as alternating arguments, summed over the
// series that match: a counter's or gauge's value, a histogram's sample
// count. It is 0 when no series matches.
func (f Families) Value(name string, labels ...string) float64 {
	fam, ok := f[name]
	if !ok {
		return 0
	}
	var sum float64
	for _, m := range fam.GetMetric() {
		if !hasLabels(m, labels) {
			continue
		}
		switch {
		case m.Counter != nil:
			sum += m.Counter.GetValue()
		case m.Gauge != nil:
			sum += m.Gauge.GetValue()
		case m.Histogram != nil:
			sum += float64(m.Histogram.GetSampleCount())
		case m.Untyped != nil:
			sum += m.Untyped.GetValue()
		}
	}
	return sum
}

// Has reports whether a family of that name is present.
func (f Families) Has(name string) bool { _, ok := f[name]; return ok }

// LabelValues returns every "metric{name=value}" pair in the exposition,
// sorted, for tests that check what labels may hold.
func (f Families) LabelValues() []string {
	var out []string
	for name, fam := range f {
		for _, m := range fam.GetMetric() {
			for _, l := range m.GetLabel() {
				out = append(out, name+"{"+l.GetName()+"="+l.GetValue()+"}")
			}
		}
	}
	sort.Strings(out)
	return out
}

func hasLabels(m *dto.Metric, pairs []string) bool {
	for i := 0; i+1 < len(pairs); i += 2 {
		found := false
		for _, l := range m.GetLabel() {
			if l.GetName() == pairs[i] && l.GetValue() == pairs[i+1] {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// String renders the families' names, for failure messages.
func (f Families) String() string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
