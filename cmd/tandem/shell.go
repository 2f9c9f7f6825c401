package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/lang"
	"github.com/tandem-dev/tandem/scheduler"
)

// shellCommand is `tandem shell`: the real tandem (store, bot, scheduler,
// outbox) against an in-process fake Slack holding a demo workspace. A line
// typed at the prompt becomes a slash command from the current person, and
// everything the bot posts is printed.
func shellCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("shell", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "configuration file (optional; tokens are not needed)")
	dbPath := fs.String("db", "", "SQLite file to use (default: database.path of the config, tandem.db)")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	cfg, err := config.Load(*path, scheduler.Check)
	if err != nil {
		return usageError{err}
	}
	if *dbPath != "" {
		cfg.Database.Path = *dbPath
	}
	fake, err := fakeslack.Start()
	if err != nil {
		return err
	}
	defer fake.Close()
	setUpDemo(ctx, fake, &cfg)
	cfg.Slack.APIURL, cfg.Slack.BotToken, cfg.Slack.AppToken = fake.APIURL(), fake.BotToken(), fake.AppToken()
	cfg.Slack.IntrosPerMinute = 1000 // nothing to pace against locally
	cfg.Log.Level = "warn"           // keep the conversation readable

	log := newLogger(cfg, stderr)
	a, err := openApp(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer a.close()
	if err := seedDemoProfiles(ctx, a.db); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- a.serve(ctx) }()
	defer func() {
		cancel()
		<-served
	}()
	waitCtx, stop := context.WithTimeout(ctx, 5*time.Second)
	defer stop()
	if err := fake.WaitConnected(waitCtx); err != nil {
		return fmt.Errorf("shell: the bot did not connect to the local workspace: %w", err)
	}
	sh := &shell{fake: fake, idle: a.bot.Idle, out: stdout, cmd: cfg.Slack.Command, user: demoPeople[0].user.ID, channel: demoProgram,
		files: filepath.Dir(cfg.Database.Path)}
	return sh.loop(ctx, stdin)
}

// shell is the state of one interactive session.
type shell struct {
	fake    *fakeslack.Server
	idle    func() bool // the bot has handled every envelope sent so far
	out     io.Writer
	cmd     string
	user    string // who is typing
	channel string // where they type
	buttons []button
	files   string            // where uploaded files are written
	seen    int               // messages already printed
	shown   map[string]string // what each printed message said, to spot edits

	form       *form  // the modal open for the current person, if any
	formHash   string // its version as printed
	modalsSeen int    // modals already looked at
}

type button struct {
	msg    fakeslack.Message
	el     fakeslack.Element
	viewID string // set for a button of a modal or the Home tab
}

func (sh *shell) loop(ctx context.Context, stdin io.Reader) error {
	fmt.Fprintf(sh.out, "tandem shell: a demo workspace with #learning and %d people. Type `%s help`, `users`, `as @name`, `in #channel`, `in dm`, `join #learning` or `home`; `quit` leaves.\n", len(demoPeople)+2, sh.cmd)
	interactive := isTerminal(stdin)
	in := bufio.NewScanner(stdin)
	in.Buffer(make([]byte, 64*1024), 1024*1024)
	for {
		if interactive {
			fmt.Fprintf(sh.out, "%s in %s> ", sh.name(sh.user), sh.where(sh.channel))
		}
		if !in.Scan() {
			return in.Err()
		}
		line := strings.TrimSpace(in.Text())
		if !interactive && line != "" {
			fmt.Fprintf(sh.out, "%s in %s> %s\n", sh.name(sh.user), sh.where(sh.channel), line)
		}
		if line == "quit" || line == "exit" {
			return nil
		}
		if err := sh.do(ctx, line); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			fmt.Fprintln(sh.out, "!", err)
		}
	}
}

// do runs one line.
func (sh *shell) do(ctx context.Context, line string) error {
	word, rest, _ := strings.Cut(line, " ")
	switch {
	case line == "" || strings.HasPrefix(line, "#"):
		return nil
	case strings.HasPrefix(line, "/"):
		if word != sh.cmd {
			return fmt.Errorf("unknown command %s; this workspace has %s", word, sh.cmd)
		}
		ack, err := sh.fake.SlashCommand(ctx, fakeslack.SlashCommand{UserID: sh.user, ChannelID: sh.channel, Text: sh.escape(rest), Command: word})
		if err != nil {
			return err
		}
		_ = ack // the reply it carries is shown in the channel, like Slack does
		return sh.settle(ctx)
	case word == "as":
		id, ok := sh.userByName(strings.TrimPrefix(strings.TrimSpace(rest), "@"))
		if !ok {
			return fmt.Errorf("no person %q here; `users` lists them", rest)
		}
		sh.user = id
		fmt.Fprintf(sh.out, "(you are now @%s)\n", sh.name(id))
		return nil
	case word == "in":
		return sh.moveTo(strings.TrimSpace(rest))
	case word == "users":
		sh.printUsers()
		return nil
	case word == "join":
		return sh.join(ctx, rest)
	case word == "fill":
		return sh.fill(rest)
	case line == "submit":
		return sh.submit(ctx)
	case line == "cancel":
		sh.form = nil
		fmt.Fprintln(sh.out, "(form closed)")
		return nil
	case line == "home":
		return sh.home(ctx)
	case word == "help":
		fmt.Fprintf(sh.out, "Type %s commands (`%s help`), `users`, `as @name`, `in #learning`, `in #general`, `in dm` (your newest group DM), `join #learning` (as a newcomer), `home` (your App Home), the number of a button to click it, and in a form `fill N value`, `submit`, `cancel`.\n", sh.cmd, sh.cmd)
		return nil
	}
	if n, err := strconv.Atoi(line); err == nil {
		return sh.click(ctx, n)
	}
	return fmt.Errorf("type a %s command, `help`, or a button's number", sh.cmd)
}

func (sh *shell) click(ctx context.Context, n int) error {
	if n < 1 || n > len(sh.buttons) {
		return fmt.Errorf("there is no button [%d] on screen", n)
	}
	b := sh.buttons[n-1]
	a := fakeslack.BlockAction{UserID: sh.user, ChannelID: b.msg.Channel, MessageTS: b.msg.TS,
		ActionID: b.el.ActionID, BlockID: b.el.BlockID, Value: b.el.Value}
	if b.viewID != "" {
		a.ChannelID, a.MessageTS, a.ViewID = "", "", b.viewID
	}
	_, err := sh.fake.BlockAction(ctx, a)
	if err != nil {
		return err
	}
	return sh.settle(ctx)
}

// settle waits until the bot has handled what was just sent and has then
// been quiet for a moment (the outbox sends intros on its own), then prints
// what it posted meanwhile.
func (sh *shell) settle(ctx context.Context) error {
	const quiet, limit = 300 * time.Millisecond, 20 * time.Second
	deadline := time.Now().Add(limit)
	last, lastChange := len(sh.fake.Calls()), time.Now()
	for (!sh.idle() || time.Since(lastChange) < quiet) && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
		if n := len(sh.fake.Calls()); n != last || !sh.idle() {
			last, lastChange = n, time.Now()
		}
	}
	sh.printNew()
	sh.showNewModals()
	return nil
}

func (sh *shell) moveTo(where string) error {
	switch {
	case where == "dm":
		dm := sh.newestGroupDM()
		if dm == "" {
			return errors.New("you have no group DM yet: an admin runs `match #learning` first")
		}
		sh.channel = dm
	case strings.HasPrefix(where, "#"):
		id := sh.channelByName(strings.TrimPrefix(where, "#"))
		if id == "" {
			return fmt.Errorf("no channel %s here; try #learning or #general", where)
		}
		sh.channel = id
	default:
		return errors.New("say `in #learning`, `in #general` or `in dm`")
	}
	fmt.Fprintf(sh.out, "(you are now typing in %s)\n", sh.where(sh.channel))
	return nil
}

func (sh *shell) newestGroupDM() string {
	msgs := sh.fake.AllMessages()
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if sh.isGroupDM(m.Channel) && slices.Contains(sh.fake.Members(m.Channel), sh.user) {
			return m.Channel
		}
	}
	return ""
}

func (sh *shell) printUsers() {
	var lines []string
	for _, p := range demoPeople {
		line := fmt.Sprintf("  @%-7s %s", p.user.Name, p.user.RealName)
		if l := lang.FromLocale(p.user.Locale); l != lang.English {
			line += fmt.Sprintf(" (Slack in %s: tandem answers in it)", p.user.Locale)
		}
		lines = append(lines, line)
	}
	sort.Strings(lines)
	fmt.Fprintln(sh.out, "People in #learning:")
	fmt.Fprintln(sh.out, strings.Join(lines, "\n"))
	fmt.Fprintln(sh.out, "  @hr      Hanna Ruiz (HR), a tandem admin (in #general only)")
	fmt.Fprintf(sh.out, "  @%-7s %s, new here (in #general only: try `as @%s` and `join #learning`)\n", demoNewcomer.Name, demoNewcomer.RealName, demoNewcomer.Name)
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
