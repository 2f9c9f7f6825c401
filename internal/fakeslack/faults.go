package fakeslack

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// fault is one injected failure, consumed by the next times calls to a method.
type fault struct {
	times      int
	status     int           // HTTP status; 200 for a Slack error
	retryAfter time.Duration // for 429
	slackErr   string        // for ok:false replies
}

// ResponseURLMethod is the method name under which response_url posts are
// recorded in Calls and can be given faults and latency.
const ResponseURLMethod = "response_url"

// RateLimit makes the next times calls to method answer HTTP 429 with a
// Retry-After header (whole seconds, rounded up) and
// {"ok":false,"error":"ratelimited"}. slack-go returns *slack.RateLimitedError
// for it. Faults on one method are consumed in the order they were added.
func (s *Server) RateLimit(method string, times int, retryAfter time.Duration) {
	s.addFault(method, &fault{times: times, status: http.StatusTooManyRequests, retryAfter: retryAfter, slackErr: "ratelimited"})
}

// FailNext makes the next times calls to method answer HTTP 200 with
// {"ok":false,"error":slackErr}, e.g. "channel_not_found" or "internal_error".
func (s *Server) FailNext(method string, times int, slackErr string) {
	s.addFault(method, &fault{times: times, status: http.StatusOK, slackErr: slackErr})
}

// FailHTTP makes the next times calls to method answer with an HTTP status
// such as 500 or 503 and a non-JSON body, as Slack's edge does when it is
// down; slack-go returns slack.StatusCodeError.
func (s *Server) FailHTTP(method string, times int, status int) {
	s.addFault(method, &fault{times: times, status: status})
}

// SetLatency delays every answer of method by d ("*" for all methods), to
// exercise timeouts and slow paths. Zero removes the delay.
func (s *Server) SetLatency(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.latency, method)
		return
	}
	s.latency[method] = d
}

func (s *Server) addFault(method string, f *fault) {
	if f.times <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], f)
}

// takeFaultLocked consumes one use of the first fault queued for method.
func (s *Server) takeFaultLocked(method string) *fault {
	queue := s.faults[method]
	if len(queue) == 0 {
		return nil
	}
	f := queue[0]
	f.times--
	if f.times == 0 {
		s.faults[method] = queue[1:]
	}
	return f
}

// delay sleeps for method's latency; it stops early when the request is
// cancelled or the Server closes, so Close never waits on a sleeping handler.
func (s *Server) delay(r *http.Request, method string) {
	s.mu.Lock()
	d, ok := s.latency[method]
	if !ok {
		d = s.latency["*"]
	}
	s.mu.Unlock()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.closing:
	}
}

// writeFault answers a request with an injected fault and returns the Slack
// error it carried, for the call record.
func writeFault(w http.ResponseWriter, f *fault) string {
	switch {
	case f.status == http.StatusTooManyRequests:
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(f.retryAfter.Seconds()))))
		writeJSON(w, f.status, reply{"ok": false, "error": f.slackErr})
		return f.slackErr
	case f.status == http.StatusOK:
		writeJSON(w, f.status, reply{"ok": false, "error": f.slackErr})
		return f.slackErr
	default:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.status)
		_, _ = w.Write([]byte("<html><body>" + http.StatusText(f.status) + "</body></html>"))
		return ""
	}
}
