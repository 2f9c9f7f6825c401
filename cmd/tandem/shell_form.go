package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tandem-dev/tandem/internal/fakeslack"
)

// The shell shows a modal the bot opens as a numbered form: each input is
// a field, `fill N value` sets one (a comma-separated list for a
// multi-select, an option's value or the start of its label for radio
// buttons), `submit` sends the form as Slack would, `cancel` closes it.
// `home` shows the App Home tab, whose buttons are numbered like others.

// formField is one input of the open form.
type formField struct {
	blockID, actionID, kind, label string
	options                        []fakeslack.SelectOption // radio buttons and static selects
	optional                       bool
	shown                          string // its current value, as printed
}

// form is the modal the current person has open in the shell.
type form struct {
	viewID string
	fields []formField
	values map[string]map[string]fakeslack.StateValue
}

// showNewModals prints a modal opened for the current person since the
// last look, and makes it the open form.
func (sh *shell) showNewModals() {
	modals := sh.fake.Modals()
	for _, m := range modals[min(sh.modalsSeen, len(modals)):] {
		if m.UserID == sh.user && !m.Closed {
			sh.openForm(m.ID)
		}
	}
	sh.modalsSeen = len(modals)
	if sh.form != nil {
		if v, ok := sh.fake.ViewByID(sh.form.viewID); ok && v.Hash != sh.formHash {
			sh.openForm(v.ID) // updated in place, e.g. a preview filled in
		}
	}
}

func (sh *shell) openForm(viewID string) {
	v, ok := sh.fake.ViewByID(viewID)
	if !ok {
		return
	}
	sh.form = &form{viewID: v.ID, values: map[string]map[string]fakeslack.StateValue{}}
	sh.formHash = v.Hash
	sh.form.fields = parseFields(v.Blocks)
	sh.printForm(v)
}

func parseFields(raw json.RawMessage) []formField {
	var blocks []struct {
		Type     string `json:"type"`
		BlockID  string `json:"block_id"`
		Optional bool   `json:"optional"`
		Label    struct{ Text string }
		Element  struct {
			Type           string    `json:"type"`
			ActionID       string    `json:"action_id"`
			InitialValue   string    `json:"initial_value"`
			InitialOption  *wireOpt  `json:"initial_option"`
			InitialOptions []wireOpt `json:"initial_options"`
			Options        []wireOpt `json:"options"`
		} `json:"element"`
	}
	_ = json.Unmarshal(raw, &blocks)
	var out []formField
	for _, b := range blocks {
		if b.Type != "input" {
			continue
		}
		f := formField{blockID: b.BlockID, actionID: b.Element.ActionID, kind: b.Element.Type, label: b.Label.Text, optional: b.Optional}
		for _, o := range b.Element.Options {
			f.options = append(f.options, fakeslack.SelectOption{Text: o.Text.Text, Value: o.Value})
		}
		switch {
		case b.Element.InitialValue != "":
			f.shown = b.Element.InitialValue
		case b.Element.InitialOption != nil:
			f.shown = b.Element.InitialOption.Value
		case len(b.Element.InitialOptions) > 0:
			var vals []string
			for _, o := range b.Element.InitialOptions {
				vals = append(vals, o.Value)
			}
			f.shown = strings.Join(vals, ", ")
		}
		out = append(out, f)
	}
	return out
}

type wireOpt struct {
	Text  struct{ Text string }
	Value string
}

func (sh *shell) printForm(v fakeslack.View) {
	fmt.Fprintf(sh.out, "┌─ form: %s\n", v.Title)
	fieldNo := 0
	sh.buttons = nil
	lines := sh.blockLines(fakeslack.Message{Blocks: v.Blocks})
	for i := range sh.buttons {
		sh.buttons[i].viewID = v.ID
	}
	for _, l := range lines {
		fmt.Fprintf(sh.out, "│ %s\n", sh.readable(l))
	}
	for _, f := range sh.form.fields {
		fieldNo++
		hint := map[string]string{"multi_external_select": "a list, comma-separated", "multi_static_select": "a list, comma-separated",
			"external_select": "type one", "static_select": "pick one", "radio_buttons": "pick one", "plain_text_input": "text"}[f.kind]
		if len(f.options) > 0 {
			var vals []string
			for _, o := range f.options {
				vals = append(vals, o.Value)
			}
			hint = "one of " + strings.Join(vals, ", ")
		}
		if f.optional {
			hint += ", optional"
		}
		shown := f.shown
		if shown == "" {
			shown = "_"
		}
		fmt.Fprintf(sh.out, "│ %d. %s (%s): %s\n", fieldNo, f.label, hint, sh.readable(shown))
	}
	if len(sh.form.fields) > 0 {
		fmt.Fprintln(sh.out, "│ `fill N value` sets field N; `submit` sends the form; `cancel` closes it.")
	}
	fmt.Fprintln(sh.out, "└─")
	if len(sh.form.fields) == 0 {
		if len(sh.buttons) == 0 {
			sh.form = nil // nothing to fill or click: just shown
		}
	}
}

// fill sets field n of the open form.
func (sh *shell) fill(rest string) error {
	if sh.form == nil || len(sh.form.fields) == 0 {
		return errors.New("no form is open")
	}
	numText, value, _ := strings.Cut(strings.TrimSpace(rest), " ")
	n, err := strconv.Atoi(numText)
	if err != nil || n < 1 || n > len(sh.form.fields) {
		return fmt.Errorf("say `fill N value` with N from 1 to %d", len(sh.form.fields))
	}
	f := &sh.form.fields[n-1]
	value = strings.TrimSpace(value)
	var sv fakeslack.StateValue
	switch f.kind {
	case "multi_external_select", "multi_static_select", "checkboxes":
		sv.SelectedOptions = []string{}
		for _, v := range strings.Split(value, ",") {
			if v = strings.TrimSpace(v); v != "" {
				sv.SelectedOptions = append(sv.SelectedOptions, v)
			}
		}
	case "radio_buttons", "static_select":
		pick := ""
		for _, o := range f.options {
			if strings.EqualFold(o.Value, value) || value != "" && strings.HasPrefix(strings.ToLower(o.Text), strings.ToLower(value)) {
				pick = o.Value
				break
			}
		}
		if pick == "" {
			return fmt.Errorf("field %d takes one of the options shown", n)
		}
		sv.SelectedOption = pick
	case "external_select":
		sv.SelectedOption = value
	default:
		sv.Value = value
	}
	if sh.form.values[f.blockID] == nil {
		sh.form.values[f.blockID] = map[string]fakeslack.StateValue{}
	}
	sh.form.values[f.blockID][f.actionID] = sv
	f.shown = value
	fmt.Fprintf(sh.out, "(%d. %s: %s)\n", n, f.label, value)
	return nil
}

// submit sends the open form and prints what the bot answered: errors
// beside their fields, or what replaced the form.
func (sh *shell) submit(ctx context.Context) error {
	if sh.form == nil || len(sh.form.fields) == 0 {
		return errors.New("no form is open")
	}
	ack, err := sh.fake.ViewSubmission(ctx, fakeslack.ViewSubmission{UserID: sh.user, ViewID: sh.form.viewID, Values: sh.form.values})
	if err != nil {
		return err
	}
	if ack.ResponseAction == "errors" {
		fmt.Fprintln(sh.out, "┌─ the form says")
		for i, f := range sh.form.fields {
			if msg, ok := ack.Errors[f.blockID]; ok {
				fmt.Fprintf(sh.out, "│ %d. %s: %s\n", i+1, f.label, sh.readable(msg))
			}
		}
		fmt.Fprintln(sh.out, "└─ nothing was saved; fix the fields and `submit` again.")
		return nil
	}
	id := sh.form.viewID
	sh.form = nil
	if err := sh.settle(ctx); err != nil {
		return err
	}
	if v, ok := sh.fake.ViewByID(id); ok && ack.ResponseAction == "update" {
		sh.openForm(v.ID)
	}
	return nil
}

// home shows the current person's App Home tab.
func (sh *shell) home(ctx context.Context) error {
	before, _ := sh.fake.HomeView(sh.user)
	if _, err := sh.fake.AppHomeOpened(ctx, sh.user); err != nil {
		return err
	}
	if err := sh.settle(ctx); err != nil {
		return err
	}
	v, ok := sh.fake.HomeView(sh.user)
	if !ok || v.Hash == before.Hash {
		return errors.New("tandem published no Home tab")
	}
	sh.buttons = nil
	sh.form = nil
	fmt.Fprintf(sh.out, "┌─ Home tab of @%s\n", sh.name(sh.user))
	for _, l := range sh.blockLines(fakeslack.Message{Blocks: v.Blocks}) {
		fmt.Fprintf(sh.out, "│ %s\n", sh.readable(l))
	}
	fmt.Fprintln(sh.out, "└─")
	for i := range sh.buttons {
		sh.buttons[i].viewID = v.ID
	}
	return nil
}

// join plays the current person joining a channel.
func (sh *shell) join(ctx context.Context, where string) error {
	id := sh.channelByName(strings.TrimPrefix(strings.TrimSpace(where), "#"))
	if id == "" {
		return fmt.Errorf("no channel %s here; try #learning or #general", where)
	}
	if _, err := sh.fake.MemberJoined(ctx, sh.user, id, ""); err != nil {
		return fmt.Errorf("you are in %s already", where)
	}
	fmt.Fprintf(sh.out, "(@%s joined %s)\n", sh.name(sh.user), where)
	sh.channel = id
	return sh.settle(ctx)
}
