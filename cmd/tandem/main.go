// Command tandem runs learning partnerships in Slack.
//
//	tandem run [-config FILE]              serve a Slack workspace over Socket Mode
//	tandem shell [-config FILE]            try tandem locally against a demo workspace
//	tandem export [-config FILE] -out DIR  write CSV files of the data
//	tandem backup [-config FILE] -out FILE a checked copy of the database, while it serves
//	tandem check [-config FILE]            check the config, database, tokens, scopes and channels
//	tandem migrate -config FILE -to URL    copy the SQLite file into PostgreSQL
//	tandem health [-url URL]               GET /healthz (for container health checks)
//	tandem version                         print the version, revision, build time and Go version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tandem-dev/tandem/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // something went wrong while running
	exitUsage   = 2 // bad arguments, configuration, credentials or database file
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(runMain(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// runMain runs one subcommand and returns the exit status. Errors are
// printed as one line on stderr, never as a stack trace.
func runMain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "run":
		err = runCommand(ctx, args[1:], stderr)
	case "shell":
		err = shellCommand(ctx, args[1:], stdin, stdout, stderr)
	case "export":
		err = exportCommand(ctx, args[1:], stdout, stderr)
	case "backup":
		err = backupCommand(ctx, args[1:], stdout, stderr)
	case "check":
		err = checkCommand(ctx, args[1:], stdout, stderr)
	case "health":
		err = healthCommand(ctx, args[1:], stdout, stderr)
	case "migrate":
		err = migrateCommand(ctx, args[1:], stdout, stderr)
	case "version", "-version", "--version":
		versionCommand(stdout)
		return exitOK
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	default:
		fmt.Fprintf(stderr, "tandem: unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
	var bad *store.OpenError
	if errors.As(err, &bad) {
		// A database that cannot be used is fixed like a config: say only
		// which file and what is wrong with it.
		err = usageError{bad}
	}
	if err != nil {
		fmt.Fprintln(stderr, "tandem:", err)
		if isUsage(err) {
			return exitUsage
		}
		return exitFailure
	}
	return exitOK
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  tandem run [-config FILE]              serve a Slack workspace over Socket Mode
  tandem shell [-config FILE]            try tandem locally, no Slack workspace needed
  tandem export [-config FILE] -out DIR  write CSV files of programs, rounds, notes...
  tandem backup [-config FILE] -out FILE a checked copy of the database, safe while it serves
  tandem check [-config FILE]            check config, database, tokens, scopes and channels
  tandem migrate -config FILE -to URL    copy the SQLite database into an empty PostgreSQL one
  tandem health [-url URL]               GET /healthz; exit 0 if it answers 200
  tandem version                         print the version, revision, build time and Go version
`)
}

// usageError marks an error that exits with status 2: the user can fix it
// by changing the command line, the config or a token.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func isUsage(err error) bool {
	_, ok := err.(usageError)
	return ok
}
