package main

import (
	"context"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/internal/fakeslack"
	"github.com/tandem-dev/tandem/store"
)

// The demo workspace of `tandem shell`: seven people in #learning whose
// skills complement each other (fatima's Slack is in German, so tandem
// answers her in German), and an HR admin who is not a participant.
const (
	demoProgram = "C0LEARNING"
	demoGeneral = "C0GENERAL1"
	demoAdmin   = "U0HR000001"
)

type demoPerson struct {
	user     fakeslack.User
	teach    []string
	learn    []string
	mode     tandem.Mode
	location string
}

var demoPeople = []demoPerson{
	{fakeslack.User{ID: "U0ANA00001", Name: "ana", RealName: "Ana Lima", TZ: "Europe/Berlin"}, []string{"go", "sql"}, []string{"kubernetes", "ux design"}, tandem.ModeAny, "Berlin"},
	{fakeslack.User{ID: "U0BOB00001", Name: "bob", RealName: "Bob Meyer", TZ: "Europe/Berlin"}, []string{"kubernetes"}, []string{"go"}, tandem.ModeOnsite, "Berlin"},
	{fakeslack.User{ID: "U0CHEN0001", Name: "chen", RealName: "Chen Wei", TZ: "Europe/Lisbon"}, []string{"ux design", "figma"}, []string{"sql"}, tandem.ModeAny, "Lisbon"},
	{fakeslack.User{ID: "U0DANA0001", Name: "dana", RealName: "Dana Cohen", TZ: "America/New_York"}, []string{"python", "machine learning"}, []string{"public speaking"}, tandem.ModeRemote, ""},
	{fakeslack.User{ID: "U0ELI00001", Name: "eli", RealName: "Eli Brooks", TZ: "America/New_York"}, []string{"public speaking"}, []string{"python"}, tandem.ModeAny, "New York"},
	{fakeslack.User{ID: "U0FATIMA01", Name: "fatima", RealName: "Fatima Diallo", TZ: "Europe/Berlin", Locale: "de-DE"}, []string{"postgres", "sql"}, []string{"figma"}, tandem.ModeOnsite, "Berlin"},
	{fakeslack.User{ID: "U0GUS00001", Name: "gus", RealName: "Gus Tanaka", TZ: "Asia/Tokyo"}, []string{"rust"}, []string{"go"}, tandem.ModeRemote, ""},
}

// demoNewcomer is in #general only and has no profile: someone to try
// joining #learning with.
var demoNewcomer = fakeslack.User{ID: "U0ZOE00001", Name: "zoe", RealName: "Zoe Park", TZ: "Europe/Lisbon"}

// setUpDemo fills the fake workspace and, on the first start of a
// database, the demo profiles and the #learning program.
func setUpDemo(ctx context.Context, fake *fakeslack.Server, cfg *config.Config) {
	fake.AddUser(fakeslack.User{ID: demoAdmin, Name: "hr", RealName: "Hanna Ruiz (HR)", TZ: "Europe/Berlin"})
	members := []string{fake.BotUserID()}
	fake.AddUser(demoNewcomer)
	everyone := []string{demoAdmin, demoNewcomer.ID, fake.BotUserID()}
	for _, p := range demoPeople {
		fake.AddUser(p.user)
		members = append(members, p.user.ID)
		everyone = append(everyone, p.user.ID)
	}
	fake.AddUser(fakeslack.User{ID: "U0POLLY001", Name: "pollbot", RealName: "Poll Bot", IsBot: true})
	fake.AddChannel(demoProgram, "learning", append(members, "U0POLLY001")...)
	fake.AddChannel(demoGeneral, "general", everyone...)
	cfg.Admins = append(cfg.Admins, demoAdmin)
	cfg.Programs = append(cfg.Programs, config.ProgramConfig{Channel: demoProgram, Settings: map[string]string{}})
}

// seedDemoProfiles writes the demo people's profiles into a database that
// has none of them yet, so a first `match` shows real reasons at once.
func seedDemoProfiles(ctx context.Context, db *store.DB) error {
	for _, p := range demoPeople {
		if _, err := db.Profile(ctx, tandem.UserID(p.user.ID)); err == nil {
			return nil // seeded before: keep what the user changed
		}
	}
	for _, p := range demoPeople {
		_, err := db.UpdateProfile(ctx, "", tandem.UserID(p.user.ID), func(pr *tandem.Profile) error {
			pr.Teach, pr.Learn, pr.Mode, pr.Location, pr.TZ = p.teach, p.learn, p.mode, p.location, p.user.TZ
			return nil
		})
		if err != nil {
			return err
		}
	}
	_, err := db.UpdateProgram(ctx, "", demoProgram, func(p *tandem.Program) error {
		if p.Name == "" {
			p.Name = "learning"
		}
		return nil
	})
	return err
}
