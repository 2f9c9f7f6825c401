package scheduler

import (
	"context"
	"time"
)

// Ledger records firings; it is the scheduler's memory across restarts and
// processes. *store.DB implements it over the firings table.
//
// A firing is identified by its job key and its scheduled local wall time,
// local: "2025-11-02T01:30" for a cron spec, whose repeated 01:30 on a
// fall-back night is thus one firing; with seconds and offset,
// "2025-11-02T01:30:00-04:00", for @every, which is an interval and fires in
// both. at is the same firing as an instant.
type Ledger interface {
	// ClaimFiring records the firing as running and reports true, or reports
	// false and changes nothing if the firing is already recorded with any
	// status. The scheduler runs the job only after a true claim.
	ClaimFiring(ctx context.Context, key, local string, at time.Time) (bool, error)
	// SkipFiring records the firing as deliberately not run, with a reason;
	// like ClaimFiring it reports false if the firing is already recorded.
	SkipFiring(ctx context.Context, key, local string, at time.Time, reason string) (bool, error)
	// FinishFiring records how a claimed firing ended: ran if runErr is nil,
	// failed otherwise.
	FinishFiring(ctx context.Context, key, local string, runErr error) error
	// LastFiring returns the instant of the newest recorded firing of key,
	// whatever its status, and false if key never fired.
	LastFiring(ctx context.Context, key string) (time.Time, bool, error)
	// Interrupted returns the newest recorded firing of key if it is still
	// recorded as running, and false otherwise.
	Interrupted(ctx context.Context, key string) (local string, at time.Time, ok bool, err error)
}
