package doctor_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem/docs"
	"github.com/tandem-dev/tandem/doctor"
)

func TestManifestScopesAreTheManifestsBotScopes(t *testing.T) {
	got, err := doctor.ManifestScopes(docs.SlackAppManifest)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"commands", "chat:write", "mpim:write", "users:read", "channels:read"} {
		if !slices.Contains(got, want) {
			t.Errorf("scopes %v lack %s", got, want)
		}
	}
	if _, err := doctor.ManifestScopes([]byte("display_information: {}\n")); err == nil {
		t.Error("a manifest without bot scopes was accepted")
	}
}

func TestCheckScopesNamesEachMissingOne(t *testing.T) {
	want := []string{"commands", "chat:write", "im:write", "users:read"}
	r := doctor.CheckScopes(doctor.Identity{ScopesKnown: true, Scopes: []string{"commands", "users:read", "files:write"}}, want)
	if r.Status != doctor.Fail || !strings.Contains(r.Detail, "missing chat:write, im:write:") {
		t.Errorf("result = %+v, want a failure naming chat:write and im:write", r)
	}
	if r := doctor.CheckScopes(doctor.Identity{ScopesKnown: true, Scopes: want}, want); r.Status != doctor.OK {
		t.Errorf("all scopes present: %+v", r)
	}
	if r := doctor.CheckScopes(doctor.Identity{}, want); r.Status != doctor.Fail {
		t.Errorf("scopes unknown: %+v, want a failure", r)
	}
}
