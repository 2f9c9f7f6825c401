package fakeslack

import (
	"encoding/json"
	"fmt"
	"time"
)

// View is a modal or Home tab the bot opened, published or updated.
type View struct {
	ID              string
	Type            string // "modal" or "home"
	UserID          string // who sees it
	CallbackID      string
	PrivateMetadata string
	ExternalID      string
	Title           string // the title's text; "" for Home tabs
	Hash            string
	Blocks          json.RawMessage
	Raw             json.RawMessage // the view as the fake returns it to slack-go
	Closed          bool            // a modal closed by its submission's ack or by the user
	NotifyOnClose   bool            // the app asked for view_closed when the user closes it
}

type trigger struct {
	user   string
	issued time.Time
	used   bool
}

// uiState holds what users can interact with. It is guarded by Server.mu.
type uiState struct {
	triggers  map[string]*trigger
	responses map[string]*responseTarget
	views     map[string]*View
	homes     map[string]string         // user ID -> Home tab view ID
	modals    []string                  // view IDs in views.open order
	suggested map[string][]SelectOption // options last offered to a block_suggestion, by suggestionKey
}

func newUIState() uiState {
	return uiState{triggers: map[string]*trigger{}, responses: map[string]*responseTarget{},
		views: map[string]*View{}, homes: map[string]string{}, suggested: map[string][]SelectOption{}}
}

// NewTriggerID issues a trigger_id for userID, as Slack does with every slash
// command and interaction; views.open accepts it once, within the trigger TTL.
func (s *Server) NewTriggerID(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.triggerLocked(userID)
}

func (s *Server) triggerLocked(userID string) string {
	n := s.nextLocked()
	id := fmt.Sprintf("%d.%d.%08x", time.Now().Unix(), n, uint32(n)*2654435761)
	s.ui.triggers[id] = &trigger{user: userID, issued: time.Now()}
	return id
}

// HomeView returns the Home tab last published for a user.
func (s *Server) HomeView(userID string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.ui.views[s.ui.homes[userID]]; ok {
		return *v, true
	}
	return View{}, false
}

// ViewByID returns a view by its ID, with updates applied.
func (s *Server) ViewByID(id string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.ui.views[id]; ok {
		return *v, true
	}
	return View{}, false
}

// Modals returns the modals opened with views.open, in order.
func (s *Server) Modals() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]View, 0, len(s.ui.modals))
	for _, id := range s.ui.modals {
		out = append(out, *s.ui.views[id])
	}
	return out
}

// putViewLocked stores a validated view for user under id (a new ID when id
// is ""), adding the fields Slack adds: id, hash, team and app, empty state.
func (s *Server) putViewLocked(raw json.RawMessage, user, id string) *View {
	var wire map[string]json.RawMessage
	_ = json.Unmarshal(raw, &wire) // validateView already parsed it
	if id == "" {
		id = s.idLocked("V")
	}
	v := &View{ID: id, UserID: user, Hash: fmt.Sprintf("%d.%08x", time.Now().Unix(), s.nextLocked())}
	_ = json.Unmarshal(wire["type"], &v.Type)
	_ = json.Unmarshal(wire["callback_id"], &v.CallbackID)
	_ = json.Unmarshal(wire["private_metadata"], &v.PrivateMetadata)
	_ = json.Unmarshal(wire["external_id"], &v.ExternalID)
	_ = json.Unmarshal(wire["notify_on_close"], &v.NotifyOnClose)
	var title struct{ Text string }
	_ = json.Unmarshal(wire["title"], &title)
	v.Title, v.Blocks = title.Text, s.storedBlocksLocked(wire["blocks"])
	if v.Blocks == nil {
		v.Blocks = json.RawMessage("[]")
	}
	wire["blocks"] = v.Blocks
	for k, val := range map[string]any{"id": id, "team_id": s.cfg.teamID, "app_id": s.cfg.appID,
		"bot_id": s.cfg.botID, "hash": v.Hash, "root_view_id": id, "state": map[string]any{"values": map[string]any{}}} {
		wire[k], _ = json.Marshal(val)
	}
	v.Raw, _ = json.Marshal(wire)
	s.ui.views[id] = v
	s.notifyLocked()
	return v
}

func (s *Server) checkedViewLocked(method string, raw json.RawMessage, wantType string) *BlockError {
	err := validateView(raw)
	if err == nil {
		var v struct{ Type string }
		_ = json.Unmarshal(raw, &v)
		if v.Type != wantType {
			err = refuse("invalid_arguments", "view.type: %q, want %s", v.Type, wantType)
		}
	}
	if err != nil {
		s.violationLocked(method, err)
	}
	return err
}

// viewsOpenLocked opens a modal. The trigger_id must be one the fake issued,
// unused and younger than the trigger TTL, as in Slack.
func (s *Server) viewsOpenLocked(r *apiRequest) reply {
	t, ok := s.ui.triggers[r.str("trigger_id")]
	switch {
	case !ok:
		return errReply("invalid_trigger_id")
	case t.used:
		return errReply("exchanged_trigger_id")
	case time.Since(t.issued) > s.cfg.triggerTTL:
		return errReply("expired_trigger_id")
	}
	raw := r.rawJSON("view")
	if err := s.checkedViewLocked("views.open", raw, "modal"); err != nil {
		return blockErrReply(err)
	}
	t.used = true
	v := s.putViewLocked(raw, t.user, "")
	s.ui.modals = append(s.ui.modals, v.ID)
	return okReply(reply{"view": v.Raw})
}

// viewsPublishLocked publishes a user's Home tab. A hash that is not the
// current one is refused with hash_conflict, as Slack does.
func (s *Server) viewsPublishLocked(r *apiRequest) reply {
	user := r.str("user_id")
	if _, ok := s.ws.users[user]; !ok {
		return errReply("user_not_found")
	}
	old, hadHome := s.ui.views[s.ui.homes[user]]
	if h := r.str("hash"); h != "" && (!hadHome || old.Hash != h) {
		return errReply("hash_conflict")
	}
	raw := r.rawJSON("view")
	if err := s.checkedViewLocked("views.publish", raw, "home"); err != nil {
		return blockErrReply(err)
	}
	id := ""
	if hadHome {
		id = old.ID
	}
	v := s.putViewLocked(raw, user, id)
	s.ui.homes[user] = v.ID
	return okReply(reply{"view": v.Raw})
}

func (s *Server) viewsUpdateLocked(r *apiRequest) reply {
	var old *View
	for _, v := range s.ui.views {
		if (r.str("view_id") != "" && v.ID == r.str("view_id")) ||
			(r.str("external_id") != "" && v.ExternalID == r.str("external_id")) {
			old = v
		}
	}
	if old == nil {
		return errReply("not_found")
	}
	if h := r.str("hash"); h != "" && h != old.Hash {
		return errReply("hash_conflict")
	}
	raw := r.rawJSON("view")
	if err := s.checkedViewLocked("views.update", raw, old.Type); err != nil {
		return blockErrReply(err)
	}
	return okReply(reply{"view": s.putViewLocked(raw, old.UserID, old.ID).Raw})
}
