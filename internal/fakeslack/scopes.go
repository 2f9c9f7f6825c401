package fakeslack

import (
	"net/http"
	"slices"
	"strings"
)

// DefaultScopes returns the bot scopes the Server grants unless told
// otherwise: those tandem's manifest (docs/slack-app-manifest.yaml) asks for,
// in its order.
func DefaultScopes() []string {
	return []string{"commands", "chat:write", "chat:write.public", "im:write", "mpim:write", "mpim:read",
		"channels:read", "groups:read", "users:read"}
}

// appTokenScope is the one scope of the app-level token Socket Mode needs.
const appTokenScope = "connections:write"

// WithScopes sets the bot token's scopes, replacing DefaultScopes.
func WithScopes(scopes ...string) Option {
	return func(c *config) { c.scopes = slices.Clone(scopes) }
}

// scopeHeaderLocked sets X-OAuth-Scopes, which Slack adds to every answer
// to a valid token: the token's scopes, comma-separated.
func (s *Server) scopeHeaderLocked(h http.Header, kind tokenKind) {
	scopes := s.cfg.scopes
	if kind == appTokenKind {
		scopes = []string{appTokenScope}
	}
	h.Set("X-OAuth-Scopes", strings.Join(scopes, ","))
}
