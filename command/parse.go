package command

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tandem-dev/tandem"
)

// Command is one decoded `/tandem ...` line. Verb is the canonical
// subcommand; the other fields are set according to it.
type Command struct {
	Verb     string // help, profile, teach, learn, mode, location, pause, resume, avoid, unavoid, partners, note, notes, goal, topic, topics, ask, quiz, forget, program, match, marketplace, report
	Sub      string // program: add, set, list, remove; quiz: "", add, answer, score, new, review; profile: "", edit; match: "", preview; report: "", skills, trends
	Unknown  string // for help: the unknown subcommand that was typed, if any
	Skills   []string
	Skill    string
	Mode     tandem.Mode
	Text     string
	Urgent   bool
	Weeks    int // pause: 0 means until resume
	User     UserRef
	Channel  ChannelRef
	Settings map[string]string
	Options  []string // quiz add
	Correct  int      // quiz add: index into Options
	QuizID   int64    // quiz answer
	Option   int      // quiz answer: 1-based
	Page     int      // notes: 1-based page, 0 for the first
}

// HasChannel reports whether the command named a channel.
func (c Command) HasChannel() bool { return c.Channel.ID != "" || c.Channel.Name != "" }

// Parse decodes the text after the slash command. It never panics; a
// malformed command is an EINVALID *tandem.Error whose message says what to
// type instead.
func Parse(text string) (Command, error) {
	text = strings.TrimSpace(text)
	verb, rest := cutWord(text)
	verb = strings.ToLower(verb)
	c := Command{Verb: verb}
	switch verb {
	case "", "help", "?", "-h", "--help":
		c.Verb = "help"
		return c, nil
	case "notes":
		if rest != "" {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(strings.ToLower(rest), "page")))
			if err != nil || n < 1 {
				return c, usage("`notes` shows your partnership's newest notes; `notes 2` shows the page of older ones after them.")
			}
			c.Page = n
		}
	case "profile", "me", "resume", "partners", "topics":
		if verb == "me" {
			c.Verb = "profile"
		}
		if c.Verb == "profile" && strings.EqualFold(strings.TrimSpace(rest), "edit") {
			c.Sub = "edit"
		}
		return c, nil
	case "teach", "learn":
		if rest == "" {
			if verb == "teach" {
				return c, usage("Say what you can teach, separated by commas: `teach go, sql`. `teach -` clears the list.")
			}
			return c, usage("Say what you want to learn, separated by commas: `learn go, sql`. `learn -` clears the list.")
		}
		skills, err := tandem.ParseSkills(Plain(rest))
		if err != nil {
			return c, err
		}
		if len(skills) == 0 && rest != "-" {
			return c, usage("%q has no skill names in it. Try `%s go, sql`.", rest, verb)
		}
		c.Skills = skills
	case "mode":
		m, err := tandem.ParseMode(Plain(rest))
		if err != nil {
			return c, err
		}
		c.Mode = m
	case "location":
		if rest == "" {
			return c, usage("Say where you work, e.g. `location Berlin`, or `location -` to clear it.")
		}
		if rest != "-" {
			c.Text = strings.Join(strings.Fields(Plain(rest)), " ")
		}
		if n := utf8.RuneCountInString(c.Text); n > tandem.MaxLocationLen {
			return c, usage("A location can have at most %d characters; yours has %d.", tandem.MaxLocationLen, n)
		}
	case "pause":
		weeks, err := parseWeeks(rest)
		if err != nil {
			return c, err
		}
		c.Weeks = weeks
	case "avoid", "unavoid":
		u, ok := parseUserRef(rest)
		if !ok {
			return c, usage("Name one person: `%s @someone`.", verb)
		}
		c.User = u
	case "note":
		if rest == "" {
			return c, usage("Write the note after the command: `note we paired on the GC chapter`.")
		}
		c.Text = Plain(rest)
		if n := utf8.RuneCountInString(c.Text); n > tandem.MaxNoteLen {
			return c, &TooLongError{What: "note", Limit: tandem.MaxNoteLen, Got: n, Text: c.Text}
		}
	case "topic":
		first, more := cutWord(rest)
		if strings.EqualFold(first, "urgent") {
			c.Urgent, rest = true, more
		}
		if rest == "" {
			return c, usage("Say what the topic is: `topic how we review code` or `topic urgent the build is red`.")
		}
		c.Text = Plain(rest)
		if n := utf8.RuneCountInString(c.Text); n > tandem.MaxTopicLen {
			return c, &TooLongError{What: "topic", Limit: tandem.MaxTopicLen, Got: n, Text: c.Text}
		}
	case "ask":
		skill, problem, ok := cutOutside(rest, ':')
		c.Skill = tandem.NormalizeSkill(Plain(skill))
		c.Text = strings.TrimSpace(Plain(problem))
		if !ok || c.Skill == "" || c.Text == "" {
			return c, usage("Name the skill, a colon, then the problem: `ask kubernetes: our pods restart every hour`.")
		}
		if n := utf8.RuneCountInString(c.Skill); n > tandem.MaxSkillLen {
			return c, usage("A skill name can have at most %d characters; yours has %d. Name the skill in a word or two, then a colon, then the problem.", tandem.MaxSkillLen, n)
		}
		if n := utf8.RuneCountInString(c.Text); n > tandem.MaxTopicLen {
			return c, &TooLongError{What: "problem", Limit: tandem.MaxTopicLen, Got: n, Text: c.Text}
		}
	case "quiz":
		return parseQuiz(c, rest)
	case "goal":
		goal, err := tandem.CheckGoal(rest)
		if err != nil {
			return c, err
		}
		c.Text = goal
	case "forget":
		if !strings.EqualFold(rest, "me") {
			return c, usage("To delete everything tandem knows about you, type `forget me`.")
		}
	case "program":
		return parseProgram(c, rest)
	case "match", "marketplace":
		if r, ok := cutSuffixFold(rest, " preview"); ok && verb == "match" {
			rest, c.Sub = r, "preview"
		}
		ch, ok := parseChannelRef(rest)
		if !ok {
			return c, usage("Name the program channel: `%s #learning`.", verb)
		}
		c.Channel = ch
	case "report":
		if word, after := cutWord(rest); strings.EqualFold(word, "skills") || strings.EqualFold(word, "trends") {
			c.Sub, rest = strings.ToLower(word), after
		}
		if rest != "" {
			ch, ok := parseChannelRef(rest)
			if !ok {
				return c, usage("Name a program channel, or none for all: `report #learning`, `report skills #learning`, `report trends #learning`.")
			}
			c.Channel = ch
		}
	default:
		return Command{Verb: "help", Unknown: firstRunes(verb, 40)}, nil
	}
	return c, nil
}

// cutSuffixFold is strings.CutSuffix, ignoring case.
func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return strings.TrimSpace(s[:len(s)-len(suffix)]), true
	}
	return s, false
}

func parseWeeks(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	f := strings.Fields(strings.ToLower(s))
	num := strings.TrimSuffix(f[0], "w")
	n, err := strconv.Atoi(num)
	unitOK := len(f) == 1 || (len(f) == 2 && (f[1] == "week" || f[1] == "weeks" || f[1] == "w"))
	if err != nil || !unitOK || n < 1 || n > tandem.MaxPauseWeeks {
		return 0, usage("Pause for 1 to %d weeks (`pause 2 weeks`), or without a number until you `resume`.", tandem.MaxPauseWeeks)
	}
	return n, nil
}

func parseQuiz(c Command, rest string) (Command, error) {
	sub, args := cutWord(rest)
	c.Sub = strings.ToLower(sub)
	switch c.Sub {
	case "", "next":
		c.Sub = ""
	case "score", "new":
	case "review":
		switch strings.ToLower(strings.TrimSpace(args)) {
		case "on":
			c.Text = "on"
		case "off":
			c.Text = "off"
		default:
			return c, usage("`quiz review off` stops your spaced-review reminders; `quiz review on` starts them again.")
		}
	case "answer":
		f := strings.Fields(args)
		var id, opt int64
		var err1, err2 error
		if len(f) == 2 {
			id, err1 = strconv.ParseInt(strings.TrimPrefix(f[0], "#"), 10, 64)
			opt, err2 = strconv.ParseInt(f[1], 10, 32)
		}
		if len(f) != 2 || err1 != nil || err2 != nil || id < 1 || opt < 1 || opt > 6 {
			return c, usage("Answer with the question number and the option number: `quiz answer 12 2`.")
		}
		c.QuizID, c.Option = id, int(opt)
	case "add":
		parts := splitOutside(args, '|')
		for i := range parts {
			parts[i] = Plain(parts[i])
		}
		c.Text = strings.TrimSpace(parts[0])
		const hint = "Write the question, then 2 to 6 options separated by `|`, with `*` before the right one: `quiz add What does GC stand for? | Go Compiler | *Garbage Collector`."
		if c.Text == "" || len(parts) < 3 || len(parts) > 7 {
			return c, usage(hint)
		}
		if n := utf8.RuneCountInString(c.Text); n > tandem.MaxQuestionLen {
			return c, &TooLongError{What: "question", Limit: tandem.MaxQuestionLen, Got: n, Text: Plain(args)}
		}
		c.Correct = -1
		for i, p := range parts[1:] {
			p = strings.TrimSpace(p)
			if strings.HasPrefix(p, "*") {
				if c.Correct >= 0 {
					return c, usage("Mark exactly one option as right with `*`; you marked more than one. " + hint)
				}
				c.Correct = i
				p = strings.TrimSpace(p[1:])
			}
			if p == "" {
				return c, usage("Option %d is empty. "+hint, i+1)
			}
			if n := utf8.RuneCountInString(p); n > tandem.MaxOptionLen {
				return c, usage("An option can have at most %d characters; option %d has %d.", tandem.MaxOptionLen, i+1, n)
			}
			c.Options = append(c.Options, p)
		}
		if c.Correct < 0 {
			return c, usage("Mark the right option with `*`. " + hint)
		}
	default:
		return c, usage("`quiz` shows your next question; also `quiz add …`, `quiz answer &lt;id&gt; &lt;n&gt;`, `quiz score`, `quiz review off|on`.")
	}
	return c, nil
}

func parseProgram(c Command, rest string) (Command, error) {
	sub, args := cutWord(rest)
	c.Sub = strings.ToLower(sub)
	switch c.Sub {
	case "list", "ls":
		c.Sub = "list"
		return c, nil
	case "add", "set", "remove", "rm":
		if c.Sub == "rm" {
			c.Sub = "remove"
		}
	default:
		return c, usage("Program commands: `program add #channel [key=value ...]`, `program set #channel key=value ...`, `program list`, `program remove #channel`.")
	}
	first, more := cutWord(args)
	ch, ok := parseChannelRef(first)
	if !ok {
		return c, usage("Name the channel first: `program %s #learning ...`.", c.Sub)
	}
	c.Channel = ch
	if c.Sub == "remove" {
		return c, nil
	}
	settings, err := parseSettings(more)
	if err != nil {
		return c, err
	}
	if c.Sub == "set" && len(settings) == 0 {
		return c, usage("Say what to change: `program set #learning group_size=3 match=\"0 9 * * MON\"`. Settings: %s.", strings.Join(tandem.ProgramKeys, ", "))
	}
	c.Settings = settings
	return c, nil
}

// parseSettings reads key=value pairs; a value with spaces is quoted with
// "…", '…' or the curly quotes Slack clients like to insert.
func parseSettings(s string) (map[string]string, error) {
	out := map[string]string{}
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			return out, nil
		}
		key, rest, ok := strings.Cut(s, "=")
		if !ok || key == "" || strings.ContainsFunc(key, unicode.IsSpace) {
			word, _ := cutWord(s)
			return nil, usage("%q is not key=value. Write settings as `group_size=3 match=\"0 9 * * MON\"`.", firstRunes(word, 40))
		}
		key = strings.ToLower(key)
		var val string
		if r, size := utf8.DecodeRuneInString(rest); r == '"' || r == '\'' || r == '“' || r == '‘' {
			closer := map[rune]string{'"': `"`, '\'': `'`, '“': "”", '‘': "’"}[r]
			end := strings.Index(rest[size:], closer)
			if end < 0 && r == '“' { // some clients close with a straight quote
				closer = `"`
				end = strings.Index(rest[size:], closer)
			}
			if end < 0 {
				return nil, usage("The value of %s has no closing quote.", key)
			}
			val, s = rest[size:size+end], rest[size+end+len(closer):]
		} else {
			val, s = cutWord(rest)
		}
		if _, dup := out[key]; dup {
			return nil, usage("%s is given twice.", key)
		}
		out[key] = Plain(val)
	}
}

// TooLongError refuses a text over its limit and carries the text so the
// reply can give it back to its author.
type TooLongError struct {
	What  string
	Limit int
	Got   int
	Text  string
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("command: %s of %d characters is over the limit of %d", e.What, e.Got, e.Limit)
}

func usage(format string, args ...any) error {
	return tandem.Errorf(tandem.EINVALID, format, args...)
}

// cutWord splits s at its first run of white space.
func cutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

func firstRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
