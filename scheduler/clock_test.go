package scheduler

import (
	"sync"
	"time"
)

// fakeClock is a Clock that moves only when a test advances it. It tells
// the test each time the loop arms a timer, which the loop does exactly once
// per pass, right before it blocks: that is how a test knows the loop has
// finished reacting, without sleeping.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
	armed  chan struct{}
}

type fakeTimer struct {
	clk  *fakeClock
	when time.Time
	c    chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, armed: make(chan struct{}, 1<<16)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	t := &fakeTimer{clk: c, when: c.now.Add(d), c: make(chan time.Time, 1)}
	if d <= 0 {
		t.c <- c.now
	} else {
		c.timers = append(c.timers, t)
	}
	c.mu.Unlock()
	c.armed <- struct{}{}
	return t
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }

func (t *fakeTimer) Stop() bool {
	t.clk.mu.Lock()
	defer t.clk.mu.Unlock()
	for i, o := range t.clk.timers {
		if o == t {
			t.clk.timers = append(t.clk.timers[:i], t.clk.timers[i+1:]...)
			return true
		}
	}
	return false
}

// earliest returns the deadline of the next active timer.
func (c *fakeClock) earliest() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var when time.Time
	for _, t := range c.timers {
		if when.IsZero() || t.when.Before(when) {
			when = t.when
		}
	}
	return when, !when.IsZero()
}

// set moves the clock to now and fires the timers due by then; it reports
// whether any fired.
func (c *fakeClock) set(now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
	fired := false
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.when.After(now) {
			kept = append(kept, t)
			continue
		}
		t.c <- now
		fired = true
	}
	c.timers = kept
	return fired
}
