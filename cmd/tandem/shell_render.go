package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// The shell prints messages as a person would read them in Slack: with
// names instead of IDs, and numbered buttons.

var (
	userLink    = regexp.MustCompile(`<@([UW][A-Z0-9]+)(?:\|[^>]*)?>`)
	channelLink = regexp.MustCompile(`<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>`)
	urlLink     = regexp.MustCompile(`<(https?://[^|>]+)\|([^>]+)>`)
	plainUser   = regexp.MustCompile(`(^|\s)@([a-z][a-z0-9._-]*)`)
	plainChan   = regexp.MustCompile(`(^|\s)#([a-z][a-z0-9._-]*)`)
	unescape    = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// escape does what Slack does for a command with should_escape: @name and
// #channel become <@U…|name> and <#C…|name>, and <, >, & are escaped.
func (sh *shell) escape(text string) string {
	text = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(text)
	text = plainUser.ReplaceAllStringFunc(text, func(m string) string {
		sub := plainUser.FindStringSubmatch(m)
		if id, ok := sh.userByName(sub[2]); ok {
			return sub[1] + "<@" + id + "|" + sub[2] + ">"
		}
		return m
	})
	return plainChan.ReplaceAllStringFunc(text, func(m string) string {
		sub := plainChan.FindStringSubmatch(m)
		if id := sh.channelByName(sub[2]); id != "" {
			return sub[1] + "<#" + id + "|" + sub[2] + ">"
		}
		return m
	})
}

func (sh *shell) userByName(name string) (string, bool) {
	if name == "hr" {
		return demoAdmin, true
	}
	if strings.EqualFold(name, demoNewcomer.Name) {
		return demoNewcomer.ID, true
	}
	for _, p := range demoPeople {
		if strings.EqualFold(p.user.Name, name) {
			return p.user.ID, true
		}
	}
	return "", false
}

func (sh *shell) channelByName(name string) string {
	switch name {
	case "learning":
		return demoProgram
	case "general":
		return demoGeneral
	}
	return ""
}

func (sh *shell) name(id string) string {
	if id == demoAdmin {
		return "hr"
	}
	if id == demoNewcomer.ID {
		return demoNewcomer.Name
	}
	if id == sh.fake.BotUserID() {
		return "tandem"
	}
	for _, p := range demoPeople {
		if p.user.ID == id {
			return p.user.Name
		}
	}
	return id
}

func (sh *shell) isGroupDM(id string) bool {
	return id != demoProgram && id != demoGeneral && len(sh.fake.Members(id)) > 2
}

// where names a conversation: #learning, the group DM of @ana and @bob, or
// the DM of @ana with tandem.
func (sh *shell) where(id string) string {
	switch id {
	case demoProgram:
		return "#learning"
	case demoGeneral:
		return "#general"
	}
	var names []string
	for _, m := range sh.fake.Members(id) {
		if m != sh.fake.BotUserID() {
			names = append(names, "@"+sh.name(m))
		}
	}
	if len(names) > 1 {
		return "group DM " + strings.Join(names, ", ")
	}
	if len(names) == 1 {
		return "DM " + names[0] + " + tandem"
	}
	return id
}

// printNew prints the messages posted or updated since the last call and
// numbers their buttons.
func (sh *shell) printNew() {
	msgs := sh.fake.AllMessages()
	if sh.seen > len(msgs) {
		sh.seen = 0
	}
	if sh.shown == nil {
		sh.shown = map[string]string{}
	}
	var changed []fakeslack.Message
	for i, m := range msgs {
		key, text := m.Channel+"/"+m.TS, m.AllText()
		if i >= sh.seen || sh.shown[key] != text {
			changed = append(changed, m)
		}
		sh.shown[key] = text
	}
	sh.seen = len(msgs)
	if len(changed) == 0 {
		return
	}
	sh.buttons = nil
	for _, m := range changed {
		sh.printMessage(m)
	}
}

func (sh *shell) printMessage(m fakeslack.Message) {
	head := sh.where(m.Channel)
	if m.Ephemeral {
		head += fmt.Sprintf(" (only @%s sees this)", sh.name(m.User))
	}
	if m.Updated {
		head += " (updated)"
	}
	fmt.Fprintf(sh.out, "┌─ %s\n", head)
	lines := sh.blockLines(m)
	if len(lines) == 0 {
		lines = strings.Split(m.Text, "\n")
	}
	for _, l := range lines {
		fmt.Fprintf(sh.out, "│ %s\n", sh.readable(l))
	}
	for _, id := range m.Files {
		fmt.Fprintf(sh.out, "│ %s\n", sh.saveFile(id))
	}
	fmt.Fprintln(sh.out, "└─")
}

// saveFile writes a file the bot uploaded (the trends chart) next to the
// database, as Slack would show it in the conversation, and says where.
func (sh *shell) saveFile(id string) string {
	f, ok := sh.fake.FileByID(id)
	if !ok || f.Data == nil {
		return "(a file that did not arrive)"
	}
	path := filepath.Join(sh.files, filepath.Base(f.Name))
	if err := os.WriteFile(path, f.Data, 0o600); err != nil {
		return fmt.Sprintf("(file %s not written: %v)", f.Name, err)
	}
	return fmt.Sprintf("file %q written to %s", f.Title, path)
}

// blockLines flattens Block Kit into lines; buttons become [n] labels.
func (sh *shell) blockLines(m fakeslack.Message) []string {
	var blocks []map[string]any
	if len(m.Blocks) == 0 || json.Unmarshal(m.Blocks, &blocks) != nil {
		return nil
	}
	var lines []string
	text := func(v any) string {
		if t, ok := v.(map[string]any); ok {
			s, _ := t["text"].(string)
			return s
		}
		return ""
	}
	for _, b := range blocks {
		switch b["type"] {
		case "header":
			lines = append(lines, "*"+strings.ToUpper(text(b["text"]))+"*")
		case "section":
			lines = append(lines, strings.Split(text(b["text"]), "\n")...)
			if fields, ok := b["fields"].([]any); ok {
				for _, f := range fields {
					lines = append(lines, text(f))
				}
			}
		case "context":
			if els, ok := b["elements"].([]any); ok {
				for _, e := range els {
					lines = append(lines, "  "+text(e))
				}
			}
		case "divider":
			lines = append(lines, "────────")
		}
		if acc, ok := b["accessory"].(map[string]any); ok && acc["type"] == "button" {
			lines = append(lines, sh.buttonLabels(m, b, []any{acc}))
		}
		if b["type"] == "actions" {
			els, _ := b["elements"].([]any)
			lines = append(lines, sh.buttonLabels(m, b, els))
		}
	}
	return lines
}

func (sh *shell) buttonLabels(m fakeslack.Message, block map[string]any, els []any) string {
	blockID, _ := block["block_id"].(string)
	var labels []string
	for _, e := range els {
		el, ok := e.(map[string]any)
		if !ok || el["type"] != "button" {
			continue
		}
		label := ""
		if t, ok := el["text"].(map[string]any); ok {
			label, _ = t["text"].(string)
		}
		actionID, _ := el["action_id"].(string)
		value, _ := el["value"].(string)
		sh.buttons = append(sh.buttons, button{msg: m, el: fakeslack.Element{BlockID: blockID, ActionID: actionID, Type: "button", Text: label, Value: value}})
		labels = append(labels, fmt.Sprintf("[%d] %s", len(sh.buttons), label))
	}
	return strings.Join(labels, "   ")
}

// readable swaps IDs for names and Slack escapes for plain text.
func (sh *shell) readable(s string) string {
	s = userLink.ReplaceAllStringFunc(s, func(m string) string { return "@" + sh.name(userLink.FindStringSubmatch(m)[1]) })
	s = channelLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := channelLink.FindStringSubmatch(m)
		if sub[2] != "" {
			return "#" + sub[2]
		}
		return sh.where(sub[1])
	})
	s = urlLink.ReplaceAllString(s, "$2 ($1)")
	return unescape.Replace(s)
}
