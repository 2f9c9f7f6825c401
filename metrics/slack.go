package metrics

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SlackTransport wraps next (http.DefaultTransport if nil) so that every
// Slack Web API call through it is counted by method and result and its
// latency observed. apiURL is the Web API base (https://slack.com/api/):
// the method is the rest of the URL path after it, and a request to any
// other URL is counted under method "other". The result is "ok" or Slack's
// error code from the JSON reply, "rate_limited" for HTTP 429, http_NNN
// for another HTTP status, transport_error when no reply came. A nil
// *Metrics returns next unchanged.
func (m *Metrics) SlackTransport(apiURL string, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	if m == nil {
		return next
	}
	base, _ := url.Parse(apiURL) // validated by config; a bad one only makes every method "other"
	return &slackTransport{m: m, base: base, next: next}
}

type slackTransport struct {
	m    *Metrics
	base *url.URL
	next http.RoundTripper
}

func (t *slackTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	method := t.method(req.URL)
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		t.observe(method, "transport_error", start)
		return nil, err
	}
	result, err := readResult(resp)
	if err != nil {
		t.observe(method, "transport_error", start)
		return nil, err
	}
	t.observe(method, result, start)
	return resp, nil
}

func (t *slackTransport) observe(method, result string, start time.Time) {
	t.m.apiLatency.WithLabelValues(method).Observe(time.Since(start).Seconds())
	t.m.apiCalls.WithLabelValues(method, result).Inc()
}

// method returns the API method a request URL names, or "other".
func (t *slackTransport) method(u *url.URL) string {
	if t.base == nil || u.Host != t.base.Host {
		return "other"
	}
	rest, ok := strings.CutPrefix(u.Path, t.base.Path)
	if !ok || rest == "" || strings.Contains(rest, "/") {
		return "other"
	}
	return label(rest)
}

// readResult reads a reply's outcome. The body is read whole and put back,
// so the caller decodes it as if untouched.
func readResult(resp *http.Response) (string, error) {
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return "rate_limited", nil
	case resp.StatusCode != http.StatusOK:
		return "http_" + strconv.Itoa(resp.StatusCode), nil
	case !strings.Contains(resp.Header.Get("Content-Type"), "json"):
		return "ok", nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return "", err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var reply struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &reply) != nil {
		return "bad_reply", nil
	}
	if reply.OK {
		return "ok", nil
	}
	if reply.Error == "ratelimited" {
		return "rate_limited", nil
	}
	if reply.Error == "" {
		return "error", nil
	}
	return label(reply.Error), nil
}
