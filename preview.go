package tandem

import (
	"fmt"
	"time"
)

// PreviewID identifies a round preview.
type PreviewID int64

// PreviewStatus is where a preview stands.
type PreviewStatus string

// The statuses of a preview.
const (
	PreviewOpen      PreviewStatus = "open"      // shown, neither sent nor cancelled
	PreviewSent      PreviewStatus = "sent"      // its grouping became a round
	PreviewCancelled PreviewStatus = "cancelled" // the admin cancelled it
)

// Preview is a grouping an admin looks at before it becomes a round: the
// groups a round would make, the people it would leave out and the
// participants it was computed from. It is not a round until sent, and
// sending it commits exactly these groups, once.
type Preview struct {
	ID        PreviewID
	Program   ChannelID
	Seed      int64
	By        UserID // the admin who asked
	CreatedAt time.Time
	Status    PreviewStatus
	Round     RoundID // once sent
	Groups    []Group
	LeftOut   []LeftOut
	// Score and Bound are the grouping's certificate, as Round's: the
	// round sent from the preview keeps them.
	Score, Bound int
	// Basis is each participant as the preview saw them: sending re-checks
	// that the channel's participants and their profiles are still these.
	Basis []PreviewBasis
}

// PreviewBasis is one participant of a preview and the version of their
// profile it used (the zero time for someone without a profile).
type PreviewBasis struct {
	User    UserID    `json:"user"`
	Profile time.Time `json:"profile"`
}

// Key is the idempotency key of sending p: a second send of the same
// preview, a double click, has no effect.
func (p Preview) Key() Key { return Key(fmt.Sprintf("preview:%d", p.ID)) }
