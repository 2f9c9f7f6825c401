package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tandem-dev/tandem"
)

// Action and block IDs of the buttons tandem posts. They are the route keys
// of block_actions: render builds the buttons, the bot routes the clicks.
// A button's value names what it is about ("group:42", "topic:7").
const (
	ActionMet      = "tandem_met"
	ActionSkip     = "tandem_skip"
	BlockIntro     = "intro_actions"
	BlockCheckin   = "checkin_actions"
	ActionKeep     = "tandem_keep"
	BlockGhost     = "ghost_actions"
	ActionVote     = "market_vote"
	ActionAddTopic = "market_add"
)

// GroupValue is the value of a button about a partnership.
func GroupValue(id tandem.GroupID) string { return fmt.Sprintf("group:%d", id) }

// ParseGroupValue reads a button value "group:42".
func ParseGroupValue(value string) (tandem.GroupID, bool) {
	s, ok := strings.CutPrefix(value, "group:")
	id, err := strconv.ParseInt(s, 10, 64)
	return tandem.GroupID(id), ok && err == nil && id > 0
}

// TopicValue is the value of a topic's +1 button.
func TopicValue(id tandem.TopicID) string { return fmt.Sprintf("topic:%d", id) }

// ParseTopicValue reads a button value "topic:7".
func ParseTopicValue(v string) (tandem.TopicID, bool) {
	s, ok := ParseRef(v, "topic")
	n, err := strconv.ParseInt(s, 10, 64)
	return tandem.TopicID(n), ok && err == nil && n > 0
}

// ParseRef reads a button value "prefix:rest".
func ParseRef(value, prefix string) (string, bool) {
	rest, ok := strings.CutPrefix(value, prefix+":")
	return rest, ok && rest != ""
}
