package adversarial

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCorpusReads(t *testing.T) {
	c, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, e := range c {
		byName[e.Name] = e.Text
	}
	if len(byName["long 40000"]) != 40000 || len(byName["long 3000"]) != 3000 {
		t.Errorf("long entries: %d, %d", len(byName["long 40000"]), len(byName["long 3000"]))
	}
	if utf8.ValidString(byName["invalid utf8"]) || !strings.Contains(byName["nul"], "\x00") {
		t.Error("the invalid UTF-8 or the NUL entry lost its bytes")
	}
	if !strings.Contains(byName["channel"], "<!channel>") {
		t.Errorf("channel entry: %q", byName["channel"])
	}
}
