package tandem_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tandem-dev/tandem"
)

func TestNormalizeSkill(t *testing.T) {
	for in, want := range map[string]string{
		"Go":                "go",
		"  go ":             "go",
		"GoLang":            "go",
		"K8s":               "kubernetes",
		"Machine_Learning":  "machine learning",
		"machine-learning.": "machine learning",
		"C#":                "c#",
		"C++":               "c++",
		"UX   Design":       "ux design",
		"!!!":               "",
		"":                  "",
		"Müller-Lyer":       "müller lyer",
	} {
		if got := tandem.NormalizeSkill(in); got != want {
			t.Errorf("NormalizeSkill(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseSkills(t *testing.T) {
	got, err := tandem.ParseSkills("SQL, go , golang,, Go")
	if err != nil || !reflect.DeepEqual(got, []string{"go", "sql"}) {
		t.Errorf("got %v, %v", got, err)
	}
	if got, err := tandem.ParseSkills("-"); err != nil || got != nil {
		t.Errorf("- should clear: %v %v", got, err)
	}
	if _, err := tandem.ParseSkills(strings.Repeat("x", 41)); tandem.ErrorCode(err) != tandem.EINVALID {
		t.Errorf("long skill: %v", err)
	}
	many := make([]string, 21)
	for i := range many {
		many[i] = string(rune('a'+i)) + "skill"
	}
	if _, err := tandem.ParseSkills(strings.Join(many, ",")); tandem.ErrorCode(err) != tandem.EINVALID {
		t.Errorf("21 skills: %v", err)
	}
}
