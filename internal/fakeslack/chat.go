package fakeslack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// ScheduledMessage is a message the bot scheduled with chat.scheduleMessage.
// The fake records it but never posts it; tests assert on it directly.
type ScheduledMessage struct {
	ID      string
	Channel string
	PostAt  time.Time
	Text    string
	Blocks  json.RawMessage
}

// normBlocks returns nil for an absent or empty blocks array, so that
// Message.Blocks is nil exactly when a user sees no blocks.
func normBlocks(raw json.RawMessage) json.RawMessage {
	var list []json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &list) != nil || len(list) == 0 {
		return nil
	}
	return raw
}

func (s *Server) wireMessageLocked(m *Message) map[string]any {
	w := map[string]any{"type": "message", "text": m.Text, "user": m.User, "ts": m.TS, "team": s.cfg.teamID}
	if m.User == s.cfg.botUserID {
		w["bot_id"] = s.cfg.botID
	}
	if m.ThreadTS != "" {
		w["thread_ts"] = m.ThreadTS
	}
	if m.Blocks != nil {
		w["blocks"] = m.Blocks
	}
	if len(m.Files) > 0 {
		files := make([]map[string]any, 0, len(m.Files))
		for _, id := range m.Files {
			files = append(files, map[string]any{"id": id})
		}
		w["files"], w["upload"] = files, true
	}
	return w
}

// checkedContent validates the text and blocks of a chat.* call, recording a
// violation for a refusal.
func (s *Server) checkedContentLocked(method string, r *apiRequest, text string, blocks json.RawMessage) *BlockError {
	att := r.str("attachments")
	err := validateMessage(text, blocks, att != "" && att != "[]" && att != "null")
	if err != nil {
		s.violationLocked(method, err)
	}
	return err
}

// chatPostMessageLocked posts a message. In a public channel the bot is not
// a member of, Slack answers not_in_channel unless the token has
// chat:write.public.
func (s *Server) chatPostMessageLocked(r *apiRequest) reply {
	c, ok := s.postTargetLocked(r.str("channel"))
	if !ok {
		return errReply("channel_not_found")
	}
	if !c.hasMember(s.cfg.botUserID) && !s.grantedLocked("chat:write.public") {
		return errReply("not_in_channel")
	}
	text, blocks := r.str("text"), r.rawJSON("blocks")
	if err := s.checkedContentLocked("chat.postMessage", r, text, blocks); err != nil {
		return blockErrReply(err)
	}
	m := &Message{Channel: c.id, TS: s.tsLocked(), ThreadTS: r.str("thread_ts"), User: s.cfg.botUserID,
		Text: text, Blocks: s.storedBlocksLocked(blocks), Via: "chat.postMessage"}
	s.addMessageLocked(m)
	return okReply(reply{"channel": c.id, "ts": m.TS, "message": s.wireMessageLocked(m)})
}

// chatPostEphemeralLocked posts a message only one member of the channel sees;
// Slack refuses a user who is not in the channel.
func (s *Server) chatPostEphemeralLocked(r *apiRequest) reply {
	c, ok := s.postTargetLocked(r.str("channel"))
	if !ok {
		return errReply("channel_not_found")
	}
	user := r.str("user")
	if _, ok := s.ws.users[user]; !ok {
		return errReply("user_not_found")
	}
	if !c.hasMember(user) {
		return errReply("user_not_in_channel")
	}
	text, blocks := r.str("text"), r.rawJSON("blocks")
	if err := s.checkedContentLocked("chat.postEphemeral", r, text, blocks); err != nil {
		return blockErrReply(err)
	}
	m := &Message{Channel: c.id, TS: s.tsLocked(), ThreadTS: r.str("thread_ts"), User: user,
		Text: text, Blocks: s.storedBlocksLocked(blocks), Ephemeral: true, Via: "chat.postEphemeral"}
	s.addMessageLocked(m)
	return okReply(reply{"message_ts": m.TS})
}

// chatUpdateLocked replaces a message's text and blocks. As in Slack, an
// omitted blocks field keeps the previous blocks and "[]" removes them.
func (s *Server) chatUpdateLocked(r *apiRequest) reply {
	c, ok := s.visibleLocked(r.str("channel"))
	if !ok {
		return errReply("channel_not_found")
	}
	m, ok := s.messageLocked(c.id, r.str("ts"))
	if !ok || m.Ephemeral {
		return errReply("message_not_found")
	}
	if m.User != s.cfg.botUserID {
		return errReply("cant_update_message")
	}
	text, blocks := m.Text, m.Blocks
	if r.has("text") {
		text = r.str("text")
	}
	if r.has("blocks") {
		blocks = r.rawJSON("blocks")
	}
	if err := s.checkedContentLocked("chat.update", r, text, blocks); err != nil {
		return blockErrReply(err)
	}
	m.Text, m.Blocks, m.Updated = text, s.storedBlocksLocked(blocks), true
	s.notifyLocked()
	return okReply(reply{"channel": c.id, "ts": m.TS, "text": m.Text, "message": s.wireMessageLocked(m)})
}

func (s *Server) chatDeleteLocked(r *apiRequest) reply {
	c, ok := s.visibleLocked(r.str("channel"))
	if !ok {
		return errReply("channel_not_found")
	}
	m, ok := s.messageLocked(c.id, r.str("ts"))
	if !ok || m.Ephemeral {
		return errReply("message_not_found")
	}
	if m.User != s.cfg.botUserID {
		return errReply("cant_delete_message")
	}
	m.deleted = true
	s.notifyLocked()
	return okReply(reply{"channel": c.id, "ts": m.TS})
}

// chatScheduleMessageLocked accepts post_at from now to 120 days ahead, as
// Slack does.
func (s *Server) chatScheduleMessageLocked(r *apiRequest) reply {
	c, ok := s.postTargetLocked(r.str("channel"))
	if !ok {
		return errReply("channel_not_found")
	}
	secs, err := strconv.ParseInt(r.str("post_at"), 10, 64)
	if err != nil {
		return errReply("invalid_time")
	}
	postAt := time.Unix(secs, 0)
	switch {
	case postAt.Before(time.Now().Add(-time.Second)):
		return errReply("time_in_past")
	case postAt.After(time.Now().Add(120 * 24 * time.Hour)):
		return errReply("time_too_far")
	}
	text, blocks := r.str("text"), r.rawJSON("blocks")
	if err := s.checkedContentLocked("chat.scheduleMessage", r, text, blocks); err != nil {
		return blockErrReply(err)
	}
	sm := ScheduledMessage{ID: s.idLocked("Q"), Channel: c.id, PostAt: postAt, Text: text, Blocks: s.storedBlocksLocked(blocks)}
	s.rec.scheduled = append(s.rec.scheduled, sm)
	s.notifyLocked()
	return okReply(reply{"channel": c.id, "scheduled_message_id": sm.ID, "post_at": secs})
}

// storedBlocksLocked returns blocks as Slack stores them: like normBlocks,
// and with a block_id generated for every block that has none, so that a
// click on any element carries one. The raw text is patched rather than
// re-encoded to keep the key order the bot wrote.
func (s *Server) storedBlocksLocked(raw json.RawMessage) json.RawMessage {
	var list []json.RawMessage
	if raw = normBlocks(raw); raw == nil || json.Unmarshal(raw, &list) != nil {
		return raw
	}
	out := []byte{'['}
	for i, b := range list {
		if i > 0 {
			out = append(out, ',')
		}
		var probe struct {
			BlockID *string `json:"block_id"`
		}
		b = bytes.TrimSpace(b)
		if json.Unmarshal(b, &probe) == nil && probe.BlockID == nil && len(b) >= 2 && b[0] == '{' {
			id := fmt.Sprintf(`{"block_id":"fk%06d"`, s.nextLocked())
			rest := bytes.TrimSpace(b[1:])
			if rest[0] != '}' {
				id += ","
			}
			b = append([]byte(id), rest...)
		}
		out = append(out, b...)
	}
	return append(out, ']')
}
