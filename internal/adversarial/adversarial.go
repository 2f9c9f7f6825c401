// Package adversarial reads the adversarial corpus, testdata/adversarial.txt
// at the root of the repository: text a hostile or careless person types,
// as Slack delivers it. Tests feed it through everything that stores or
// shows a person's text.
package adversarial

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// Entry is one string of the corpus.
type Entry struct {
	Name string
	// Text is as Slack delivers it in a slash command.
	Text string
}

// Corpus returns the corpus, in file order.
func Corpus() ([]Entry, error) {
	_, here, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(here), "..", "..", "testdata", "adversarial.txt")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Entry
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, spec, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("%s:%d: no tab", path, n)
		}
		text, err := decode(spec)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, Entry{Name: name, Text: text})
	}
	return out, sc.Err()
}

func decode(spec string) (string, error) {
	if rest, ok := strings.CutPrefix(spec, "repeat "); ok {
		count, unit, _ := strings.Cut(rest, " ")
		n, err := strconv.Atoi(count)
		if err != nil {
			return "", fmt.Errorf("repeat count %q: %w", count, err)
		}
		u, err := strconv.Unquote(unit)
		if err != nil {
			return "", fmt.Errorf("repeat unit %s: %w", unit, err)
		}
		return strings.Repeat(u, n), nil
	}
	return strconv.Unquote(spec)
}
