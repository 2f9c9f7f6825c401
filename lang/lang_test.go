package lang

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/scheduler"
)

type locales map[tandem.UserID]string

func (l locales) Locale(_ context.Context, u tandem.UserID) string { return l[u] }

func TestReadersLanguage(t *testing.T) {
	t.Parallel()
	for locale, want := range map[string]Tag{"de-DE": German, "de-AT": German, "de": German, "en-US": English, "en-GB": English, "fr-FR": English, "": English, "pt_BR": English} {
		if got := FromLocale(locale); got != want {
			t.Errorf("FromLocale(%q) = %s, want %s", locale, got, want)
		}
	}
	for _, bad := range []string{"fr", "klingon", "e"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) took it", bad)
		}
	}
	if got := slices.Collect(func(yield func(string) bool) {
		for _, t := range Tags {
			if !yield(string(t)) {
				return
			}
		}
	}); !slices.Equal(got, tandem.Languages) {
		t.Errorf("lang.Tags %v, tandem.Languages %v: a program's language must be one tandem speaks", got, tandem.Languages)
	}

	ctx := context.Background()
	ls := locales{"U1": "de-DE", "U2": "de-AT", "U3": "en-US", "U4": "fr-FR"}
	p := Picker{Locales: ls}
	if p.For(ctx, "U1").Tag() != German || p.For(ctx, "U4").Tag() != English {
		t.Error("Picker.For does not follow the locale")
	}
	if l, shared := p.Shared(ctx, []tandem.UserID{"U1", "U2"}); l.Tag() != German || !shared {
		t.Errorf("two German readers share %s (%v)", l.Tag(), shared)
	}
	if l, shared := p.Shared(ctx, []tandem.UserID{"U1", "U3"}); l.Tag() != English || shared {
		t.Errorf("a mixed group reads %s (%v), want English, not shared", l.Tag(), shared)
	}
	if l, shared := p.Shared(ctx, []tandem.UserID{"U3", "U4"}); l.Tag() != English || !shared {
		t.Errorf("English and French readers read %s (%v): both get English", l.Tag(), shared)
	}
	fixed := Picker{Fixed: German, Locales: ls}
	if fixed.For(ctx, "U3").Tag() != German || fixed.Channel("").Tag() != German || fixed.Channel(English).Tag() != English || p.Channel("").Tag() != English {
		t.Error("language: de does not speak German to everyone, or a program's language does not win")
	}
}

// cache is a directory that holds some people's locales and fails the
// test if asked to look one up.
type cache struct {
	t      *testing.T
	cached map[tandem.UserID]string
}

func (c cache) Locale(context.Context, tandem.UserID) string {
	c.t.Error("Picker.Cached looked a locale up")
	return ""
}

func (c cache) CachedLocale(u tandem.UserID) (string, bool) {
	l, ok := c.cached[u]
	return l, ok
}

// TestCachedLanguageNeverLooksUp: the ack's language is the caller's when
// the directory has their locale at hand, English when it does not, and
// never costs a lookup.
func TestCachedLanguageNeverLooksUp(t *testing.T) {
	t.Parallel()
	p := Picker{Locales: cache{t, map[tandem.UserID]string{"U1": "de-DE", "U2": "en-US"}}}
	for user, want := range map[tandem.UserID]Tag{"U1": German, "U2": English, "U9": English} {
		if got := p.Cached(user).Tag(); got != want {
			t.Errorf("Cached(%s) = %s, want %s", user, got, want)
		}
	}
	if got := (Picker{Fixed: German, Locales: cache{t, nil}}).Cached("U9").Tag(); got != German {
		t.Errorf("language: de gives %s for an unknown person", got)
	}
	if got := (Picker{Locales: locales{"U1": "de-DE"}}).Cached("U1").Tag(); got != English {
		t.Errorf("a directory without a cache gives %s, want English without a lookup", got)
	}
}

func TestDatesAndPlurals(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 7, 15, 4, 0, 0, time.FixedZone("CET", 3600))
	de, en := Of(German), Of(English)
	for got, want := range map[string]string{
		de.Date(at):         "Mo., 7. Dez. 2026",
		en.Date(at):         "Mon 7 Dec 2026",
		de.DayTime(at):      "Mo., 7. Dez., 15:04 Uhr",
		en.DayTime(at):      "Mon 7 Dec, 15:04",
		de.DateTimeZone(at): "Mo., 7. Dez. 2026, 15:04 Uhr CET",
		de.Weekday(at.Weekday()) + " " + de.Ordinal(1): "Montag 1.",
		en.Ordinal(22) + " " + en.Ordinal(13):          "22nd 13th",
		de.JoinAnd([]string{"a", "b", "c"}):            "a, b und c",
		de.N("notes.count", 1):                         "1 Notiz",
		de.N("notes.count", 0):                         "0 Notizen",
		en.N("notes.count", 1):                         "1 note",
		en.N("notes.count", 2):                         "2 notes",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	var nilLang *Lang
	if nilLang.T("help.unknown", "Verb", "x") != en.T("help.unknown", "Verb", "x") {
		t.Error("a nil Lang is not English")
	}
}

func TestDomainErrorsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	err := tandem.Errorf(tandem.EINVALID, "Name one person: `%s @someone`.", "avoid")
	if got, want := Of(German).Err(err), "Nenne eine Person: `avoid @someone`."; got != want {
		t.Errorf("German: %q, want %q", got, want)
	}
	if got := Of(English).Err(err); got != err.Message {
		t.Errorf("English: %q, want %q", got, err.Message)
	}
	if got := Of(German).Err(errors.New("disk on fire")); got != Of(German).T("error.internal") {
		t.Errorf("an internal error reads %q", got)
	}
	odd := tandem.Errorf(tandem.EINVALID, "a message %s nobody translated", "x")
	if got := Of(German).Err(odd); got != odd.Message {
		t.Errorf("an untranslated error reads %q, want the English", got)
	}
}

// TestScheduleErrorsInTheReadersLanguage: a schedule the scheduler refuses
// reaches the admin inside the key's error, in the admin's language.
func TestScheduleErrorsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	p := tandem.NewProgram("C1", "Europe/Berlin")
	err := p.Set("match", "61 9 * * *", scheduler.Check)
	if got, want := Of(German).Err(err), `match: "61 9 * * *": die Minute "61" muss 0-59 sein`; !strings.HasPrefix(got, want) {
		t.Errorf("German: %q, want it to start %q", got, want)
	}
	if got, want := Of(English).Err(err), `match: "61 9 * * *": the minute "61" must be 0-59`; !strings.HasPrefix(got, want) {
		t.Errorf("English: %q, want it to start %q", got, want)
	}
	if err := p.Set("checkin", "@every 1.5s", scheduler.Check); !strings.Contains(Of(German).Err(err), "nimm ganze Sekunden") {
		t.Errorf("German: %q", Of(German).Err(err))
	}
}
