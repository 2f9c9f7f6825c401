package fakeslack

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// reply is a Web API answer; it is always sent as HTTP 200 JSON, as Slack
// does for API errors.
type reply map[string]any

func okReply(r reply) reply {
	if r == nil {
		r = reply{}
	}
	r["ok"] = true
	return r
}

func errReply(code string) reply { return reply{"ok": false, "error": code} }

// blockErrReply carries the detail where Slack puts it, in
// response_metadata.messages, so a failing test shows which limit broke.
func blockErrReply(e *BlockError) reply {
	return reply{"ok": false, "error": e.Code,
		"response_metadata": map[string]any{"messages": []string{e.Detail}}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// apiRequest is a decoded Web API request: slack-go sends form bodies with
// a token field for most methods, and JSON with a Bearer header for views.*
// and apps.connections.open.
type apiRequest struct {
	form  url.Values
	json  map[string]json.RawMessage
	token string
}

func parseAPIRequest(r *http.Request) (*apiRequest, map[string]any, error) {
	req := &apiRequest{}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var decoded map[string]any
	if ctype == "application/json" {
		body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
		if err != nil {
			return nil, nil, err
		}
		req.json = map[string]json.RawMessage{}
		if len(strings.TrimSpace(string(body))) > 0 {
			if err := json.Unmarshal(body, &req.json); err != nil {
				return nil, nil, err
			}
			_ = json.Unmarshal(body, &decoded) // already known to be valid JSON
		}
	} else {
		if err := r.ParseForm(); err != nil {
			return nil, nil, err
		}
		req.form = r.Form
	}
	req.token = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if req.token == "" {
		req.token = req.str("token")
	}
	return req, decoded, nil
}

// str returns a parameter as a string, whichever encoding carried it.
func (r *apiRequest) str(key string) string {
	if r.form != nil {
		return r.form.Get(key)
	}
	var s string
	if err := json.Unmarshal(r.json[key], &s); err == nil {
		return s
	}
	return string(r.json[key]) // numbers and booleans, as written
}

func (r *apiRequest) has(key string) bool {
	if r.form != nil {
		return r.form.Has(key)
	}
	_, ok := r.json[key]
	return ok
}

// rawJSON returns a JSON-valued parameter such as blocks or view, which forms
// carry as a JSON string and JSON bodies carry either inline or as a string.
func (r *apiRequest) rawJSON(key string) json.RawMessage {
	if r.form != nil {
		if v := r.form.Get(key); v != "" {
			return json.RawMessage(v)
		}
		return nil
	}
	raw := r.json[key]
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return json.RawMessage(s)
	}
	return raw
}

type tokenKind int

const (
	botTokenKind tokenKind = iota
	appTokenKind
)

type apiHandler func(*apiRequest) reply

// route returns the handler of a method, or nil for a method Slack would
// answer unknown_method. Handlers run with s.mu held.
func (s *Server) route(method string) (apiHandler, tokenKind) {
	switch method {
	case "apps.connections.open":
		return s.appsConnectionsOpenLocked, appTokenKind
	case "auth.test":
		return s.authTestLocked, botTokenKind
	case "users.info":
		return s.usersInfoLocked, botTokenKind
	case "users.list":
		return s.usersListLocked, botTokenKind
	case "conversations.open":
		return s.conversationsOpenLocked, botTokenKind
	case "conversations.members":
		return s.conversationsMembersLocked, botTokenKind
	case "conversations.info":
		return s.conversationsInfoLocked, botTokenKind
	case "chat.postMessage":
		return s.chatPostMessageLocked, botTokenKind
	case "chat.postEphemeral":
		return s.chatPostEphemeralLocked, botTokenKind
	case "chat.update":
		return s.chatUpdateLocked, botTokenKind
	case "chat.delete":
		return s.chatDeleteLocked, botTokenKind
	case "chat.scheduleMessage":
		return s.chatScheduleMessageLocked, botTokenKind
	case "views.open":
		return s.viewsOpenLocked, botTokenKind
	case "views.publish":
		return s.viewsPublishLocked, botTokenKind
	case "views.update":
		return s.viewsUpdateLocked, botTokenKind
	}
	return nil, botTokenKind
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	call := Call{Method: method, At: time.Now(), Status: http.StatusOK}
	req, decoded, err := parseAPIRequest(r)
	handler, kind := s.route(method)
	if handler != nil {
		s.delay(r, method)
	}

	s.mu.Lock()
	var rep reply
	switch {
	case err != nil:
		rep = errReply("invalid_form_data")
	case handler == nil:
		rep = errReply("unknown_method")
	default:
		call.Form, call.JSON = req.form, decoded
		if f := s.takeFaultLocked(method); f != nil {
			call.Status, call.Error = f.status, f.slackErr
			s.recordCallLocked(call)
			s.mu.Unlock()
			writeFault(w, f)
			return
		}
		if code := s.checkToken(req.token, kind); code != "" {
			rep = errReply(code)
		} else {
			s.scopeHeaderLocked(w.Header(), kind)
			rep = handler(req)
		}
	}
	call.Error, _ = rep["error"].(string)
	// Record before answering, so a test that saw the reply also sees the call.
	s.recordCallLocked(call)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, rep)
}

// checkToken returns the error Slack gives for a token, or "" if accepted.
func (s *Server) checkToken(token string, kind tokenKind) string {
	want, other := s.cfg.botToken, s.cfg.appToken
	if kind == appTokenKind {
		want, other = other, want
	}
	switch token {
	case "":
		return "not_authed"
	case want:
		return ""
	case other:
		return "not_allowed_token_type"
	}
	return "invalid_auth"
}

func (s *Server) authTestLocked(*apiRequest) reply {
	return okReply(reply{
		"url": "https://" + s.cfg.teamDomain + ".slack.com/", "team": "Tandem Test",
		"user": s.cfg.botName, "team_id": s.cfg.teamID, "user_id": s.cfg.botUserID,
		"bot_id": s.cfg.botID, "is_enterprise_install": false,
	})
}

func (s *Server) usersInfoLocked(r *apiRequest) reply {
	locale, _ := strconv.ParseBool(r.str("include_locale"))
	if r.has("users") {
		var list []map[string]any
		for _, id := range splitList(r.str("users")) {
			u, ok := s.ws.users[id]
			if !ok {
				return errReply("user_not_found")
			}
			list = append(list, s.wireUserLocked(u, locale))
		}
		return okReply(reply{"users": list})
	}
	u, ok := s.ws.users[r.str("user")]
	if !ok {
		return errReply("user_not_found")
	}
	return okReply(reply{"user": s.wireUserLocked(u, locale)})
}

func (s *Server) usersListLocked(r *apiRequest) reply {
	limit, _ := strconv.Atoi(r.str("limit"))
	ids, next, ok := page(s.ws.userOrder, r.str("cursor"), limit)
	if !ok {
		return errReply("invalid_cursor")
	}
	locale, _ := strconv.ParseBool(r.str("include_locale"))
	members := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		members = append(members, s.wireUserLocked(s.ws.users[id], locale))
	}
	return okReply(reply{"members": members, "response_metadata": map[string]any{"next_cursor": next}})
}

// page returns one page of ids and the cursor of the next ("" on the last
// page). Cursors name the first ID of the next page, like Slack's
// base64("user:U…"), so they stay valid while earlier entries are appended.
func page(ids []string, cursor string, limit int) (_ []string, next string, ok bool) {
	start := 0
	if cursor != "" {
		b, err := base64.StdEncoding.DecodeString(cursor)
		id, found := strings.CutPrefix(string(b), "user:")
		if start = slices.Index(ids, id); err != nil || !found || start < 0 {
			return nil, "", false
		}
	}
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	end := min(start+limit, len(ids))
	if end < len(ids) {
		next = base64.StdEncoding.EncodeToString([]byte("user:" + ids[end]))
	}
	return slices.Clone(ids[start:end]), next, true
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
