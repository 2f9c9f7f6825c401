package fakeslack

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// responseTarget is where a response_url (or a slash command's ack) posts:
// the conversation and user of the interaction, and for a button click the
// message that held the button.
type responseTarget struct {
	channel, user string
	messageTS     string // "" for slash commands, whose invoking message cannot be replaced
	uses          int
	issued        time.Time
}

// responsePayload is what a response_url accepts, and what a slash command's
// ack payload carries.
type responsePayload struct {
	Text            string          `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	ResponseType    string          `json:"response_type"`
	ReplaceOriginal bool            `json:"replace_original"`
	DeleteOriginal  bool            `json:"delete_original"`
	ThreadTS        string          `json:"thread_ts"`
}

func (s *Server) responseURLLocked(t responseTarget) string {
	id := s.idLocked("R")
	t.issued = time.Now()
	s.ui.responses[id] = &t
	return s.URL() + "/response/" + id
}

// serveResponseURL takes a JSON post to a response_url. Slack accepts five
// uses within 30 minutes; the fake answers {"ok":true} or ok:false.
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/response/")
	body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	call := Call{Method: ResponseURLMethod, At: time.Now(), Status: http.StatusOK}
	_ = json.Unmarshal(body, &call.JSON) // a malformed body is answered below
	s.delay(r, ResponseURLMethod)

	s.mu.Lock()
	if f := s.takeFaultLocked(ResponseURLMethod); f != nil {
		call.Status, call.Error = f.status, f.slackErr
		s.recordCallLocked(call)
		s.mu.Unlock()
		writeFault(w, f)
		return
	}
	post := ResponseURLPost{URL: s.URL() + r.URL.Path, Body: body, At: call.At}
	var p responsePayload
	if err == nil {
		err = json.Unmarshal(body, &p)
	}
	post.Text, post.Blocks, post.ResponseType = p.Text, normBlocks(p.Blocks), p.ResponseType
	post.ReplaceOriginal, post.DeleteOriginal = p.ReplaceOriginal, p.DeleteOriginal
	if err != nil {
		post.Error = "invalid_payload"
	} else {
		post.Error = s.useResponseURLLocked(id, p)
	}
	s.rec.responses = append(s.rec.responses, post)
	call.Error = post.Error
	s.recordCallLocked(call)
	s.mu.Unlock()

	rep := okReply(nil)
	if post.Error != "" {
		rep = errReply(post.Error)
	}
	writeJSON(w, http.StatusOK, rep)
}

// useResponseURLLocked applies a response_url post and returns the Slack
// error for a refused one.
func (s *Server) useResponseURLLocked(id string, p responsePayload) string {
	t, ok := s.ui.responses[id]
	switch {
	case !ok || time.Since(t.issued) > s.cfg.responseURLTTL:
		return "expired_url"
	case t.uses >= s.cfg.responseURLUses:
		return "used_url"
	}
	if p.DeleteOriginal {
		t.uses++
		if m, ok := s.messageLocked(t.channel, t.messageTS); ok && t.messageTS != "" {
			m.deleted = true
			s.notifyLocked()
		}
		return ""
	}
	if err := validateMessage(p.Text, p.Blocks, false); err != nil {
		s.violationLocked(ResponseURLMethod, err)
		return err.Code // a refused post does not use the URL up
	}
	t.uses++
	s.respondLocked(*t, p, ResponseURLMethod)
	return ""
}

// respondLocked shows a response to the user who interacted: it replaces the
// clicked message when asked to, and otherwise adds a message that is
// ephemeral unless response_type is in_channel (Slack's default).
func (s *Server) respondLocked(t responseTarget, p responsePayload, via string) {
	blocks := s.storedBlocksLocked(p.Blocks)
	if p.ReplaceOriginal && t.messageTS != "" {
		if m, ok := s.messageLocked(t.channel, t.messageTS); ok {
			m.Text, m.Blocks, m.Updated = p.Text, blocks, true
			s.notifyLocked()
			return
		}
	}
	m := &Message{Channel: t.channel, TS: s.tsLocked(), ThreadTS: p.ThreadTS, Text: p.Text, Blocks: blocks, Via: via}
	if p.ResponseType == "in_channel" {
		m.User = s.cfg.botUserID
	} else {
		m.User, m.Ephemeral = t.user, true
	}
	s.addMessageLocked(m)
}
