package scheduler

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync/atomic"
	"time"
)

// finishTimeout bounds recording a run's outcome after the scheduler's ctx
// ended: the job has run by then, and a row stuck at "running" would hide it.
const finishTimeout = 10 * time.Second

// guard lets one run of a job go at a time, like cron.SkipIfStillRunning.
// It survives Set and Remove, so a replaced job still waits for its running
// self.
type guard struct{ busy atomic.Bool }

func (g *guard) tryLock() bool { return g.busy.CompareAndSwap(false, true) }

func (g *guard) unlock() { g.busy.Store(false) }

// fire runs one scheduled firing: it claims the firing in the ledger, runs
// the job if the claim is new, and records the outcome.
func (s *Scheduler) fire(ctx context.Context, sl *slot, f firing) {
	key := sl.job.Key
	log := s.log.With(logJob, key, logScheduled, f.local)
	if !sl.guard.tryLock() {
		log.Warn("firing skipped: the previous run is still going")
		s.recordSkip(ctx, key, f, "the previous run was still going")
		return
	}
	defer sl.guard.unlock()

	claimed, err := s.ledger.ClaimFiring(ctx, key, f.local, f.at)
	if err != nil {
		// Running without a claim could run the job twice; not running it
		// is the failure we can see and repeat by hand.
		log.Error("firing not run: cannot record it", logErr, err)
		return
	}
	if !claimed {
		log.Debug("firing already recorded; not running it again")
		return
	}

	s.runAndFinish(ctx, sl, f)
}

// runAndFinish runs a claimed firing and records how it ended.
func (s *Scheduler) runAndFinish(ctx context.Context, sl *slot, f firing) {
	started := s.clock.Now()
	runErr := s.runGuarded(ctx, sl.job, f.at)
	took := s.clock.Now().Sub(started)
	log := s.log.With(logJob, sl.job.Key, logScheduled, f.local)
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	if err := s.ledger.FinishFiring(wctx, sl.job.Key, f.local, runErr); err != nil {
		log.Error("cannot record how the firing ended", logErr, err)
	}
	if runErr != nil {
		log.Error("job failed", logErr, runErr, logTook, took)
		return
	}
	log.Info("job ran", logTook, took)
}

func (s *Scheduler) recordSkip(ctx context.Context, key string, f firing, reason string) {
	if _, err := s.ledger.SkipFiring(ctx, key, f.local, f.at, reason); err != nil {
		s.log.Error("cannot record a skipped firing", logJob, key, logScheduled, f.local, logErr, err)
	}
}

// runGuarded runs job, turning a panic into an error wrapping errPanic so
// that one broken job cannot take the others down with the process.
func (s *Scheduler) runGuarded(ctx context.Context, job Job, at time.Time) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("job panicked", logJob, job.Key, logPanic, fmt.Sprint(r), logStack, string(debug.Stack()))
			err = fmt.Errorf("run %s: %v: %w", job.Key, r, errPanic)
		}
	}()
	return job.Run(ctx, at)
}
