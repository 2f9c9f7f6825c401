package store_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
)

// The helper process's environment: the database it writes to, and the
// trial, which prefixes its keys so each run's keys are new.
const (
	crashChildEnv = "TANDEM_CRASH_CHILD_DB"
	crashTrialEnv = "TANDEM_CRASH_TRIAL"
)

// TestCrashChild is the helper process of TestNoAcknowledgedWriteLostOnKill:
// it writes as fast as it can, each write under its own idempotency key, and
// prints the key's number once the store has returned, which is when the
// bot would acknowledge the envelope to Slack.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("the helper process of TestNoAcknowledgedWriteLostOnKill")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	for i := 0; ; i++ {
		_, err := db.UpdateProfile(ctx, tandem.Key(crashKey(os.Getenv(crashTrialEnv), i)), "U1", func(p *tandem.Profile) error {
			p.Location = strconv.Itoa(i)
			return nil
		})
		if err != nil {
			fmt.Println("write:", err)
			os.Exit(1)
		}
		fmt.Println(i)
	}
}

// TestNoAcknowledgedWriteLostOnKill kills a writing process with SIGKILL at
// a random moment, 20 times, and checks that every write it acknowledged is
// in the file and that the file is intact (target S4).
func TestNoAcknowledgedWriteLostOnKill(t *testing.T) {
	sqliteOnly(t, "kill -9 of the process writing the file; on PostgreSQL the server keeps what it committed, and the end-to-end test kills a replica")
	if testing.Short() {
		t.Skip("kills 20 processes")
	}
	path := filepath.Join(t.TempDir(), "tandem.db")
	rng := rand.New(rand.NewPCG(1, 2))
	acked := map[string]int{} // trial -> highest acknowledged write
	total := 0
	for trial := range 20 {
		name := strconv.Itoa(trial)
		acked[name] = -1
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v=false")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path, crashTrialEnv+"="+name)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		deadline := time.After(time.Duration(100+rng.IntN(500)) * time.Millisecond)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if n, err := strconv.Atoi(strings.TrimSpace(l)); err == nil {
					acked[name] = max(acked[name], n)
				} else if l != "" && !strings.HasPrefix(l, "PASS") && !strings.HasPrefix(l, "ok") {
					t.Fatalf("trial %d: helper said %q", trial, l)
				}
			case <-deadline:
				cmd.Process.Signal(syscall.SIGKILL)
				deadline = nil
			}
		}
		cmd.Wait()
		total += acked[name] + 1
		checkAcked(t, path, map[string]int{name: acked[name]})
	}
	checkAcked(t, path, acked) // and nothing earlier went missing since
	t.Logf("%d writes acknowledged over 20 kills, none lost", total)
	if total < 100 {
		t.Errorf("only %d writes acknowledged over 20 trials; the test proves little", total)
	}
}

func crashKey(trial string, i int) string { return "crash-" + trial + "-" + strconv.Itoa(i) }

// checkAcked opens the file as a fresh process would and checks that it is
// intact and holds every acknowledged write.
func checkAcked(t *testing.T, path string, acked map[string]int) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var integrity string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check: %q, %v", integrity, err)
	}
	missing, all := 0, 0
	for trial, last := range acked {
		for i := 0; i <= last; i++ {
			var n int
			if err := raw.QueryRow(`SELECT count(*) FROM processed WHERE key = ?`, crashKey(trial, i)).Scan(&n); err != nil {
				t.Fatal(err)
			}
			all++
			if n == 0 {
				missing++
			}
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged writes lost", missing, all)
	}
}
