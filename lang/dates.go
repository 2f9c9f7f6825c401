package lang

import (
	"fmt"
	"strings"
	"time"
)

// How each language writes days and times. English: "Mon 7 Dec 2026",
// "Mon 7 Dec, 15:04"; German: "Mo., 7. Dez. 2026", "Mo., 7. Dez., 15:04 Uhr".
type dateWords struct {
	weekdays      [7]string // Sunday first, full
	shortWeekdays [7]string
	months        [12]string // short
	date          func(w dateWords, t time.Time) string
	dayTime       func(w dateWords, t time.Time) string
	day           func(w dateWords, t time.Time) string
	monthDay      func(w dateWords, t time.Time) string
	clock         string // time.Format layout of a time of day
	ordinal       func(n int) string
	and           string
}

var dates = map[Tag]dateWords{
	English: {
		weekdays:      [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		shortWeekdays: [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		months:        [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		date: func(w dateWords, t time.Time) string {
			return fmt.Sprintf("%s %d %s %d", w.shortWeekdays[t.Weekday()], t.Day(), w.months[t.Month()-1], t.Year())
		},
		dayTime: func(w dateWords, t time.Time) string {
			return fmt.Sprintf("%s %d %s, %s", w.shortWeekdays[t.Weekday()], t.Day(), w.months[t.Month()-1], t.Format("15:04"))
		},
		day: func(w dateWords, t time.Time) string {
			return fmt.Sprintf("%s %d %s", w.shortWeekdays[t.Weekday()], t.Day(), w.months[t.Month()-1])
		},
		monthDay: func(w dateWords, t time.Time) string { return fmt.Sprintf("%s %d", w.months[t.Month()-1], t.Day()) },
		clock:    "15:04",
		ordinal: func(n int) string {
			suffix := "th"
			switch {
			case n%100 >= 11 && n%100 <= 13:
			case n%10 == 1:
				suffix = "st"
			case n%10 == 2:
				suffix = "nd"
			case n%10 == 3:
				suffix = "rd"
			}
			return fmt.Sprintf("%d%s", n, suffix)
		},
		and: "and",
	},
	German: {
		weekdays:      [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
		shortWeekdays: [7]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},
		months:        [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
		date: func(w dateWords, t time.Time) string {
			return fmt.Sprintf("%s, %d. %s %d", w.shortWeekdays[t.Weekday()], t.Day(), w.months[t.Month()-1], t.Year())
		},
		dayTime: func(w dateWords, t time.Time) string {
			return fmt.Sprintf("%s, %d. %s, %s Uhr", w.shortWeekdays[t.Weekday()], t.Day(), w.months[t.Month()-1], t.Format("15:04"))
		},
		day: func(w dateWords, t time.Time) string {
			return fmt.Sprintf("%s, %d. %s", w.shortWeekdays[t.Weekday()], t.Day(), w.months[t.Month()-1])
		},
		monthDay: func(w dateWords, t time.Time) string { return fmt.Sprintf("%d. %s", t.Day(), w.months[t.Month()-1]) },
		clock:    "15:04 Uhr",
		ordinal:  func(n int) string { return fmt.Sprintf("%d.", n) },
		and:      "und",
	},
}

func (l *Lang) words() dateWords { return dates[l.Tag()] }

// Date writes the day of t, in t's zone: "Mon 7 Dec 2026", "Mo., 7. Dez. 2026".
func (l *Lang) Date(t time.Time) string { w := l.words(); return w.date(w, t) }

// DayTime writes the day and time of t: "Mon 7 Dec, 15:04",
// "Mo., 7. Dez., 15:04 Uhr" (24-hour clock in both).
func (l *Lang) DayTime(t time.Time) string { w := l.words(); return w.dayTime(w, t) }

// DateTimeZone writes the day, year, time and zone of t: "Mon 7 Dec 2026,
// 15:04 CET", "Mo., 7. Dez. 2026, 15:04 Uhr CET".
func (l *Lang) DateTimeZone(t time.Time) string {
	return l.Date(t) + ", " + t.Format(l.words().clock+" MST")
}

// Day writes the day of t without the year: "Mon 7 Dec", "Mo., 7. Dez.".
func (l *Lang) Day(t time.Time) string { w := l.words(); return w.day(w, t) }

// MonthDay writes a short day for tables: "Dec 7", "7. Dez.".
func (l *Lang) MonthDay(t time.Time) string { w := l.words(); return w.monthDay(w, t) }

// Clock writes the time of day of t: "15:04", "15:04 Uhr".
func (l *Lang) Clock(t time.Time) string { return t.Format(l.words().clock) }

// Weekday names a day of the week in full: "Monday", "Montag".
func (l *Lang) Weekday(d time.Weekday) string { return l.words().weekdays[d] }

// Ordinal writes a day of the month as an ordinal: "1st", "1.".
func (l *Lang) Ordinal(n int) string { return l.words().ordinal(n) }

// JoinAnd joins "a", "b" and "c" as "a, b and c" ("a, b und c").
func (l *Lang) JoinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " " + l.words().and + " " + s[len(s)-1]
}
