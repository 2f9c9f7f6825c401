package scheduler

import (
	"context"
	"errors"
)

// errTooOld is recorded for an interrupted firing older than the grace
// window.
var errTooOld = errors.New("interrupted by a stop, and too old to run again")

// resumeInterrupted runs again, once, the newest firing of each Resume job
// that a stop left recorded as running. It runs when the scheduler starts,
// before any new firing: then nobody else is running that firing (one
// process per database file, or the leader among replicas).
func (s *Scheduler) resumeInterrupted(ctx context.Context) {
	s.mu.Lock()
	var slots []*slot
	for _, key := range sortedKeys(s.jobs) {
		if sl := s.jobs[key]; sl.job.Resume {
			slots = append(slots, sl)
		}
	}
	s.mu.Unlock()
	for _, sl := range slots {
		key := sl.job.Key
		local, at, ok, err := s.ledger.Interrupted(ctx, key)
		if err != nil {
			s.log.Error("cannot read interrupted firings", logJob, key, logErr, err)
			continue
		}
		if !ok {
			continue
		}
		if s.clock.Now().Sub(at) > s.grace {
			if err := s.ledger.FinishFiring(ctx, key, local, errTooOld); err != nil {
				s.log.Error("cannot record an interrupted firing", logJob, key, logErr, err)
			}
			continue
		}
		s.log.Info("running again a firing a stop interrupted", logJob, key, logScheduled, local)
		s.start(func() { s.rerun(ctx, sl, firing{at: at, local: local}) })
	}
}

// rerun runs an interrupted firing, already claimed, and records how it
// ended.
func (s *Scheduler) rerun(ctx context.Context, sl *slot, f firing) {
	if !sl.guard.tryLock() {
		return // a run of this job is going: it will record its own outcome
	}
	defer sl.guard.unlock()
	s.runAndFinish(ctx, sl, f)
}
