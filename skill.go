package tandem

import (
	"sort"
	"strings"
	"unicode"
)

// MaxSkills is how many skills one list (teach or learn) may hold.
const MaxSkills = 20

// MaxSkillLen is the longest skill name accepted, in characters.
const MaxSkillLen = 40

// skillAliases maps a normalised spelling to the canonical skill name, so
// that "golang" and "go" match. Keep it small and obvious: a wrong alias
// would match people who do not complement each other.
var skillAliases = map[string]string{
	"golang":     "go",
	"k8s":        "kubernetes",
	"js":         "javascript",
	"ts":         "typescript",
	"py":         "python",
	"postgresql": "postgres",
	"ml":         "machine learning",
	"ux":         "ux design",
	"c sharp":    "c#",
	"csharp":     "c#",
	"cpp":        "c++",
}

// NormalizeSkill returns the canonical form of a skill name: lower case,
// runs of spaces, underscores and hyphens folded to one space, surrounding
// punctuation trimmed, known aliases resolved ("GoLang" -> "go",
// "K8s" -> "kubernetes"). Symbols that carry meaning inside a name, such as
// the "#" of "C#" or the "+" of "C++", are kept. It returns "" for a name
// with no letters or digits.
func NormalizeSkill(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '_' || r == '-':
			space = true
			continue
		case !unicode.IsPrint(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := strings.TrimFunc(b.String(), func(r rune) bool {
		return unicode.IsPunct(r) && r != '#' && r != '+'
	})
	if !strings.ContainsFunc(out, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	if a, ok := skillAliases[out]; ok {
		return a
	}
	return out
}

// ParseSkills splits a comma-separated list into normalised, de-duplicated,
// sorted skills. "-" or an empty list yields no skills. A name longer than
// MaxSkillLen or a list longer than MaxSkills is an EINVALID error.
func ParseSkills(list string) ([]string, error) {
	list = strings.TrimSpace(list)
	if list == "-" || list == "" {
		return nil, nil
	}
	seen := map[string]bool{}
	var out []string
	for _, raw := range strings.Split(list, ",") {
		s := NormalizeSkill(raw)
		if s == "" {
			continue
		}
		if len([]rune(s)) > MaxSkillLen {
			return nil, Errorf(EINVALID, "A skill name can have at most %d characters; %q is longer.", MaxSkillLen, strings.TrimSpace(raw))
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) > MaxSkills {
		return nil, Errorf(EINVALID, "A list can have at most %d skills; you gave %d.", MaxSkills, len(out))
	}
	sort.Strings(out)
	return out, nil
}
