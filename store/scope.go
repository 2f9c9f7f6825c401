package store

import (
	"fmt"

	"github.com/tandem-dev/tandem"
)

// A scope names what a write reads and then acts on, so that on
// PostgreSQL writes of different scopes run side by side (pgwrite.go). On
// SQLite, where one writer runs every write, scopes change nothing.
//
// A write may take a scope only if everything it reads and acts on belongs
// to it: other scopes' writes, which run at the same moment, may add rows
// it reads (a new topic, a new group) but not change or count them. When
// in doubt a write takes no scope and runs alone.
type scope string

// personScope covers what one person does to their own rows: their
// profile and skills, their votes, answers and review ladder.
func personScope(u tandem.UserID) scope { return scope("person:" + string(u)) }

// groupScope covers one partnership: its notes, clicks, goal and feedback.
func groupScope(g tandem.GroupID) scope { return scope(fmt.Sprintf("group:%d", g)) }

// programScope covers one program's open marketplace and its topics.
func programScope(p tandem.ChannelID) scope { return scope("program:" + string(p)) }
