package lang

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// flatten reads a catalog into id → plural form → text ("" for a message
// without plural forms).
func flatten(t *testing.T, tag Tag) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, file := range catalogFiles(tag) {
		raw, err := catalogFS.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var tree map[string]any
		if err := yaml.Unmarshal(raw, &tree); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		flattenInto(t, file, tree, out)
	}
	return out
}

func flattenInto(t *testing.T, file string, tree map[string]any, out map[string]map[string]string) {
	t.Helper()
	add := func(id string, forms map[string]string) {
		if _, dup := out[id]; dup {
			t.Errorf("%s: %q is given twice", file, id)
		}
		out[id] = forms
	}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case string:
			add(prefix, map[string]string{"": x})
		case map[string]any:
			if _, plural := x["other"]; plural {
				forms := map[string]string{}
				for k, f := range x {
					s, _ := f.(string)
					forms[k] = s
				}
				add(prefix, forms)
				return
			}
			for k, c := range x {
				id := k
				if prefix != "" {
					id = prefix + "." + k
				}
				walk(id, c)
			}
		default:
			t.Errorf("%s %s: a message must be a string or plural forms, not %T", file, prefix, v)
		}
	}
	walk("", tree)
}

var (
	field     = regexp.MustCompile(`\{\{\.([A-Z][A-Za-z0-9]*)\}\}`)
	action    = regexp.MustCompile(`\{\{.*?\}\}`)
	liveSlack = regexp.MustCompile(`<[!@#]|<https?:|<mailto:`)
)

// fields are the placeholders of a message, over all its forms.
func fields(forms map[string]string) []string {
	set := map[string]bool{}
	for _, s := range forms {
		for _, m := range field.FindAllStringSubmatch(s, -1) {
			set[m[1]] = true
		}
	}
	var out []string
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// TestCatalogsAgree fails when a message exists in one language and not
// another, lacks a plural form, or drops or adds a placeholder (a mention,
// a number, a command); and when a message holds more than plain fields or
// markup that would ping, mention or link.
func TestCatalogsAgree(t *testing.T) {
	t.Parallel()
	if err := Check(); err != nil {
		t.Fatalf("the catalogs do not load: %v", err)
	}
	en := flatten(t, English)
	for _, tag := range Tags {
		cat := flatten(t, tag)
		for id, forms := range cat {
			ref, ok := en[id]
			if !ok {
				t.Errorf("%s has %q, English does not", tag, id)
				continue
			}
			if _, plural := ref["other"]; plural {
				for _, f := range []string{"one", "other"} {
					if forms[f] == "" {
						t.Errorf("%s %q lacks the plural form %s", tag, id, f)
					}
				}
			} else if _, ok := forms[""]; !ok {
				t.Errorf("%s %q has plural forms, English has none", tag, id)
			}
			if got, want := fields(forms), fields(ref); !slices.Equal(got, want) {
				t.Errorf("%s %q has the placeholders %v, English %v", tag, id, got, want)
			}
			for form, s := range forms {
				for _, a := range action.FindAllString(s, -1) {
					if !field.MatchString(a) || field.FindString(a) != a {
						t.Errorf("%s %q %s: %q is more than a field", tag, id, form, a)
					}
				}
				if liveSlack.MatchString(s) {
					t.Errorf("%s %q %s holds live Slack markup: %q", tag, id, form, s)
				}
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s %q %s is empty", tag, id, form)
				}
			}
		}
		for id := range en {
			if _, ok := cat[id]; !ok {
				t.Errorf("%s lacks %q", tag, id)
			}
		}
	}
}

// TestShortTextsFit fails when a modal title or button text is longer
// than Slack takes (24 characters for a modal's title, submit and close;
// buttons are cut at 75 anyway, but a cut label reads badly).
func TestShortTextsFit(t *testing.T) {
	t.Parallel()
	for _, tag := range Tags {
		for id, forms := range flatten(t, tag) {
			last := id[strings.LastIndex(id, ".")+1:]
			limit := 0
			switch {
			case strings.Contains(last, "title") || id == "home.not_yet" ||
				slices.Contains([]string{"button.close", "button.cancel", "button.save", "button.add", "button.finished"}, id):
				limit = 24
			case strings.HasPrefix(id, "button."):
				limit = 75
			}
			for _, s := range forms {
				if n := len([]rune(s)); limit > 0 && n > limit {
					t.Errorf("%s %q has %d characters; a title or button takes %d: %q", tag, id, n, limit, s)
				}
			}
		}
	}
}

// TestEveryMessageRenders words every message in every language with each
// placeholder given, for counts 0, 1, 2 and 5: no template error, no
// "<no value>".
func TestEveryMessageRenders(t *testing.T) {
	t.Parallel()
	for _, tag := range Tags {
		l := Of(tag)
		for id, forms := range flatten(t, tag) {
			var kv []any
			for _, f := range fields(forms) {
				kv = append(kv, f, "x")
			}
			counts := []int{-1}
			if _, plural := forms["other"]; plural {
				counts = []int{0, 1, 2, 5}
			}
			for _, n := range counts {
				var s string
				if n < 0 {
					s = l.T(id, kv...)
				} else {
					s = l.N(id, n, kv...)
				}
				if s == id || strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
					t.Errorf("%s %q (n=%d) renders as %q", tag, id, n, s)
				}
			}
		}
	}
}

// TestCodeNamesOnlyKnownMessages fails when the code asks for a message
// the English catalog does not have.
func TestCodeNamesOnlyKnownMessages(t *testing.T) {
	t.Parallel()
	en := flatten(t, English)
	call := regexp.MustCompile(`\.(?:T|N|Has)\("([a-z_]+(?:\.[a-z_0-9]+)+)"[,)]`)
	seen := 0
	walkGo(t, func(path string, src []byte, _ *ast.File) {
		for _, m := range call.FindAllSubmatch(src, -1) {
			seen++
			if _, ok := en[string(m[1])]; !ok {
				t.Errorf("%s asks for %q, which en.yaml lacks", path, m[1])
			}
		}
	})
	if seen < 50 {
		t.Errorf("found only %d catalog look-ups in the code", seen)
	}
}

// walkGo calls fn for every non-test Go file of the module.
func walkGo(t *testing.T, fn func(path string, src []byte, f *ast.File)) {
	t.Helper()
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "internal" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, 0)
		if err != nil {
			return err
		}
		fn(path, src, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// errorFormats finds the format of every domain error the code makes:
// tandem.Errorf(code, "...") and, in package tandem, Errorf(code, "..."),
// the command parser's usage("...") and the scheduler's refuse(spec, "...").
func errorFormats(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	walkGo(t, func(path string, _ []byte, f *ast.File) {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			arg := -1
			switch fn := c.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "tandem" && fn.Sel.Name == "Errorf" {
					arg = 1
				}
			case *ast.Ident:
				if fn.Name == "Errorf" && f.Name.Name == "tandem" {
					arg = 1
				}
				if fn.Name == "usage" && f.Name.Name == "command" {
					arg = 0
				}
				if fn.Name == "refuse" && f.Name.Name == "scheduler" {
					arg = 1 // a refused schedule, shown inside a key's error
				}
			}
			if arg < 0 || len(c.Args) <= arg {
				return true
			}
			if id, ok := c.Args[arg].(*ast.Ident); ok && (id.Obj == nil || id.Obj.Kind != ast.Con) {
				return true // a wrapper passing its own format on, like usage
			}
			if s, ok := literal(c.Args[arg]); ok {
				out[s] = path
			} else {
				t.Errorf("%s: a domain error whose format is not a literal cannot be translated", path)
			}
			return true
		})
	})
	return out
}

func literal(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.Ident: // a constant declared with a literal
		if spec, ok := x.Obj.Decl.(*ast.ValueSpec); ok && x.Obj.Kind == ast.Con {
			for i, n := range spec.Names {
				if n.Name == x.Name && i < len(spec.Values) {
					return literal(spec.Values[i])
				}
			}
		}
		return "", false
	case *ast.BasicLit:
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		a, ok1 := literal(x.X)
		b, ok2 := literal(x.Y)
		return a + b, ok1 && ok2 && x.Op == token.ADD
	}
	return "", false
}

var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// verbs lists a printf format's arguments as "index:verb", in index order.
func verbs(format string) []string {
	var out []string
	next := 1
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		i := next
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
		}
		next = i + 1
		out = append(out, fmt.Sprintf("%d:%s", i, m[2]))
	}
	sort.Strings(out)
	return out
}

// TestEveryErrorIsTranslated fails when a domain error in the code has no
// translation, a translation has no error in the code any more, or a
// translation drops, adds or retypes an argument.
func TestEveryErrorIsTranslated(t *testing.T) {
	t.Parallel()
	code := errorFormats(t)
	if len(code) < 40 {
		t.Fatalf("found only %d domain errors in the code", len(code))
	}
	for _, tag := range Tags[1:] {
		cat, err := ErrorCatalog(tag)
		if err != nil {
			t.Fatal(err)
		}
		for f, path := range code {
			if _, ok := cat[f]; !ok {
				t.Errorf("%s: no %s translation of %q", path, tag, f)
			}
		}
		for en, tr := range cat {
			if _, ok := code[en]; !ok {
				t.Errorf("%s.errors.yaml translates %q, which no code says", tag, en)
			}
			if got, want := verbs(tr), verbs(en); !slices.Equal(got, want) {
				t.Errorf("%s %q: arguments %v, English %v", tag, en, got, want)
			}
			if liveSlack.MatchString(tr) && !liveSlack.MatchString(en) {
				t.Errorf("%s %q holds live Slack markup: %q", tag, en, tr)
			}
		}
	}
}
