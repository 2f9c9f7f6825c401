package fakeslack

import (
	"slices"
	"strings"
)

// DefaultScopes returns the bot scopes the Server grants unless told
// otherwise: those tandem's manifest (docs/slack-app-manifest.yaml) asks for,
// in its order. A test keeps the two equal.
func DefaultScopes() []string {
	return []string{"commands", "chat:write", "chat:write.public", "im:write", "mpim:write", "mpim:read",
		"channels:read", "groups:read", "users:read", "files:write"}
}

// appTokenScope is the one scope of the app-level token Socket Mode needs.
const appTokenScope = "connections:write"

// WithScopes sets the bot token's scopes, replacing DefaultScopes, e.g. to
// see how the app copes with a workspace that installed an older manifest.
func WithScopes(scopes ...string) Option {
	return func(c *config) { c.scopes = slices.Clone(scopes) }
}

// SetScopes replaces the bot token's scopes from now on, as reinstalling the
// app with another manifest would.
func (s *Server) SetScopes(scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.scopes = slices.Clone(scopes)
}

// Scopes returns the bot token's scopes.
func (s *Server) Scopes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.cfg.scopes)
}

// methodScopesLocked returns the scopes any one of which lets the bot call
// method with these arguments, or nil when the method needs none (auth.test,
// views.*) or the target is unknown, which the method itself reports.
func (s *Server) methodScopesLocked(method string, r *apiRequest) []string {
	switch {
	case strings.HasPrefix(method, "chat."):
		return []string{"chat:write"}
	case strings.HasPrefix(method, "users."):
		return []string{"users:read"}
	case strings.HasPrefix(method, "files."):
		return []string{"files:write"}
	case method == "conversations.open":
		if r.str("channel") == "" && len(splitList(r.str("users"))) > 1 {
			return []string{"mpim:write"}
		}
		return []string{"im:write"}
	case method == "conversations.info" || method == "conversations.members":
		c, ok := s.ws.channels[r.str("channel")]
		switch {
		case !ok:
			return nil
		case c.im:
			return []string{"im:read"}
		case c.mpim:
			return []string{"mpim:read"}
		case c.private:
			return []string{"groups:read"}
		}
		return []string{"channels:read"}
	}
	return nil
}

// missingScopeLocked returns Slack's missing_scope answer when the bot token
// has none of the scopes method needs, or nil.
func (s *Server) missingScopeLocked(method string, r *apiRequest) reply {
	needed := s.methodScopesLocked(method, r)
	if len(needed) == 0 || slices.ContainsFunc(needed, s.grantedLocked) {
		return nil
	}
	return reply{"ok": false, "error": "missing_scope", "needed": strings.Join(needed, ","),
		"provided": strings.Join(s.cfg.scopes, ",")}
}

func (s *Server) grantedLocked(scope string) bool { return slices.Contains(s.cfg.scopes, scope) }
