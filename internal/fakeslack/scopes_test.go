package fakeslack

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAuthTestNamesTheTokensScopes(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		opts []Option
		want string
	}{
		{nil, strings.Join(DefaultScopes(), ",")},
		{[]Option{WithScopes("commands", "chat:write")}, "commands,chat:write"},
	} {
		s := newFake(t, tt.opts...)
		resp, err := http.PostForm(s.APIURL()+"auth.test", url.Values{"token": {s.BotToken()}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-OAuth-Scopes"); got != tt.want {
			t.Errorf("X-OAuth-Scopes = %q, want %q", got, tt.want)
		}
		bad, err := http.PostForm(s.APIURL()+"auth.test", url.Values{"token": {"xoxb-wrong"}})
		if err != nil {
			t.Fatal(err)
		}
		bad.Body.Close()
		if got := bad.Header.Get("X-OAuth-Scopes"); got != "" {
			t.Errorf("a refused token got scopes %q", got)
		}
	}
}
