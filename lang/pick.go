package lang

import (
	"context"

	"github.com/tandem-dev/tandem"
)

// Locales looks up the Slack locale of a person ("de-DE"); "" if unknown.
type Locales interface {
	Locale(ctx context.Context, user tandem.UserID) string
}

// CachedLocales are Locales that can answer without a lookup: the locale
// of a person if it is at hand, and whether it is.
type CachedLocales interface {
	CachedLocale(user tandem.UserID) (string, bool)
}

// Picker chooses the language of each reader: Fixed if set (the config's
// `language: en|de`), else the reader's Slack locale, else English.
type Picker struct {
	Fixed   Tag
	Locales Locales
}

// For is the language of one reader.
func (p Picker) For(ctx context.Context, user tandem.UserID) *Lang {
	if p.Fixed != "" || p.Locales == nil {
		return Of(p.Fixed)
	}
	return Of(FromLocale(p.Locales.Locale(ctx, user)))
}

// Cached is the language of one reader as far as it is known without a
// lookup: Fixed if set, else the reader's locale if Locales has it at hand
// (a CachedLocales), else English. It never waits on Slack.
func (p Picker) Cached(user tandem.UserID) *Lang {
	if p.Fixed != "" {
		return Of(p.Fixed)
	}
	if c, ok := p.Locales.(CachedLocales); ok {
		if locale, ok := c.CachedLocale(user); ok {
			return Of(FromLocale(locale))
		}
	}
	return Of(English)
}

// Shared is the language of a conversation of several readers, such as a
// group DM: the one they all read, with shared true; English with shared
// false when they read different ones.
func (p Picker) Shared(ctx context.Context, users []tandem.UserID) (l *Lang, shared bool) {
	var t Tag
	for i, u := range users {
		ut := p.For(ctx, u).Tag()
		if i == 0 {
			t = ut
		} else if ut != t {
			return Of(English), false
		}
	}
	return Of(t), true
}

// Channel is the language of a program's channel posts: the program's
// own setting, else the fixed language, else English (a channel has no
// locale).
func (p Picker) Channel(program Tag) *Lang {
	if program != "" {
		return Of(program)
	}
	return Of(p.Fixed)
}
