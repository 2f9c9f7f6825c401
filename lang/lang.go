// Package lang speaks each person's language: it picks a language from
// Slack's locale (German and English ship; English is the fallback for any
// other locale), words messages from catalogs embedded in the binary
// (catalog/*.yaml, through github.com/nicksnyder/go-i18n, with the CLDR
// plural rules of each language), translates the domain's error messages,
// and formats dates and times the way the language writes them.
//
// A catalog message is a text/template that may only name fields:
// "{{.Who}} can teach {{.Skill}}". Whatever fills a field is inserted as
// given, so the caller passes text already rendered for Slack (escaped
// user text, mentions from render.Mention); a catalog holds no markup that
// pings, mentions or links (the catalog test checks).
//
// To add a language: add catalog/xx.yaml and catalog/*.xx.yaml with every
// message of the English files, catalog/errors/xx.yaml with every domain
// error, the Tag below, and its date words in dates.go; the catalog test
// says what is missing.
package lang

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/tandem-dev/tandem"
)

// Tag names a language tandem speaks: "en", "de".
type Tag string

// The languages tandem speaks. English is the fallback.
const (
	English Tag = "en"
	German  Tag = "de"
)

// Tags lists the languages tandem speaks, English first.
var Tags = []Tag{English, German}

// Parse reads a language setting: "en" or "de" (any case, or a locale such
// as "de-DE"); "auto" and "" give "" (each person's own). Anything else is
// an error naming the choices.
func Parse(s string) (Tag, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "auto" {
		return "", nil
	}
	base, _, _ := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	for _, t := range Tags {
		if string(t) == base {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown language %q: use auto, en or de", s)
}

// FromLocale is the language for a Slack locale ("de-DE", "en-US", "fr-FR"):
// its own if tandem speaks it, else English.
func FromLocale(locale string) Tag {
	t, err := Parse(locale)
	if err != nil || t == "" {
		return English
	}
	return t
}

//go:embed catalog
var catalogFS embed.FS

// catalogFiles are the message files of language t: catalog/xx.yaml and
// catalog/*.xx.yaml.
func catalogFiles(t Tag) []string {
	files := []string{"catalog/" + string(t) + ".yaml"}
	more, _ := fs.Glob(catalogFS, "catalog/*."+string(t)+".yaml")
	return append(files, more...)
}

// Lang words messages in one language. A nil *Lang is English.
type Lang struct {
	tag    Tag
	loc    *i18n.Localizer
	errors map[string]string // English format → this language's
}

var (
	loadOnce sync.Once
	langs    map[Tag]*Lang
	loadErr  error
)

// parser executes catalog templates; a field the caller did not give is
// an error, never "<no value>" in a message.
var textParser = &template.TextParser{Option: "missingkey=error"}

func load() {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	langs = map[Tag]*Lang{}
	for _, t := range Tags {
		for _, f := range catalogFiles(t) {
			if _, err := bundle.LoadMessageFileFS(catalogFS, f); err != nil {
				loadErr = errors.Join(loadErr, err)
			}
		}
		l := &Lang{tag: t, loc: i18n.NewLocalizer(bundle, string(t))}
		if t != English {
			m, err := ErrorCatalog(t)
			loadErr = errors.Join(loadErr, err)
			l.errors = m
		}
		langs[t] = l
	}
}

// Of returns the language t, English for a tag tandem does not speak.
func Of(t Tag) *Lang {
	loadOnce.Do(load)
	if l, ok := langs[t]; ok {
		return l
	}
	return langs[English]
}

// Check reports whether the embedded catalogs load: for main to refuse to
// start with a broken build.
func Check() error {
	loadOnce.Do(load)
	return loadErr
}

// Tag is the language's tag; English for nil.
func (l *Lang) Tag() Tag {
	if l == nil {
		return English
	}
	return l.tag
}

func (l *Lang) self() *Lang {
	if l == nil {
		return Of(English)
	}
	return l
}

// T words the message id with fields given as name, value pairs:
// T("note.saved", "ID", 3, "Cmd", "/tandem"). A message the catalog lacks,
// or a field left out, is a bug: T logs it and returns the best it has.
func (l *Lang) T(id string, kv ...any) string {
	return l.self().localize(id, nil, kv)
}

// N words the plural message id for n, with n as the field N.
func (l *Lang) N(id string, n int, kv ...any) string {
	return l.self().localize(id, n, append(kv, "N", n))
}

func (l *Lang) localize(id string, count any, kv []any) string {
	data := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			data[k] = kv[i+1]
		}
	}
	s, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count, TemplateParser: textParser})
	if err != nil {
		slog.Error("message catalog", "lang", string(l.tag), "message", id, "err", err)
		if s == "" {
			return id
		}
	}
	return s
}

// Has reports whether the catalog of l has the message id.
func (l *Lang) Has(id string) bool {
	_, err := l.self().loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateParser: template.IdentityParser{}})
	var nf *i18n.MessageNotFoundErr
	return !errors.As(err, &nf)
}

// Err words an error for the person who caused it: a domain error's
// message in l (the English one where no translation exists), a generic
// sentence for anything else.
func (l *Lang) Err(err error) string {
	var e *tandem.Error
	if !errors.As(err, &e) {
		if err == nil {
			return ""
		}
		return l.T("error.internal")
	}
	l = l.self()
	args, nested := l.args(e.Args)
	if f, ok := l.errors[e.Format]; ok && e.Format != "" {
		return fmt.Sprintf(f, args...)
	}
	if nested {
		return fmt.Sprintf(e.Format, args...)
	}
	return e.Message
}

// args words the arguments of an error that are errors of their own
// (tandem.Formatted, such as a refused schedule) in l; nested reports
// whether there were any.
func (l *Lang) args(in []any) (out []any, nested bool) {
	out = in
	for i, a := range in {
		f, ok := a.(tandem.Formatted)
		if !ok {
			continue
		}
		if !nested {
			out, nested = slices.Clone(in), true
		}
		format, fargs := f.Formatted()
		if tr, ok := l.errors[format]; ok && format != "" {
			out[i] = fmt.Sprintf(tr, fargs...)
		} else {
			out[i] = f.Error()
		}
	}
	return out, nested
}

// ErrorCatalog reads the translations of the domain's error messages into
// language t: catalog/errors/xx.yaml, a list of {en, xx} printf formats.
func ErrorCatalog(t Tag) (map[string]string, error) {
	raw, err := catalogFS.ReadFile("catalog/errors/" + string(t) + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("error catalog %s: %w", t, err)
	}
	var list []map[string]string
	if err := yaml.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("error catalog %s: %w", t, err)
	}
	m := make(map[string]string, len(list))
	for i, e := range list {
		en, tr := e["en"], e[string(t)]
		if en == "" || tr == "" {
			return nil, fmt.Errorf("error catalog %s: entry %d lacks en or %s", t, i+1, t)
		}
		if _, dup := m[en]; dup {
			return nil, fmt.Errorf("error catalog %s: %q is given twice", t, en)
		}
		m[en] = tr
	}
	return m, nil
}
