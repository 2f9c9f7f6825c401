package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/store"
	"github.com/tandem-dev/tandem/store/storetest"
)

type writeLog struct {
	mu    sync.Mutex
	ds    []time.Duration
	retry int
}

func (w *writeLog) ObserveWrite(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ds = append(w.ds, d)
}

func (w *writeLog) ObserveWriteRetry() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.retry++
}

func (w *writeLog) retries() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.retry
}

func (w *writeLog) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.ds)
}

func TestWriteObserverSeesEveryWrite(t *testing.T) {
	obs := &writeLog{}
	ctx := context.Background()
	var db *store.DB
	var err error
	if onPostgres() {
		db, err = store.OpenPostgres(ctx, storetest.PostgresURL(t), store.PostgresOptions{}, store.WithWriteObserver(obs))
	} else {
		db, err = store.Open(ctx, filepath.Join(t.TempDir(), "tandem.db"), store.WithWriteObserver(obs))
	}
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before := obs.count() // the migrations are writes too
	for i := range 3 {
		if err := db.CreateProgram(ctx, "", tandem.NewProgram(tandem.ChannelID("C0P"+string(rune('A'+i))), "UTC")); err != nil {
			t.Fatal(err)
		}
	}
	if got := obs.count() - before; got != 3 {
		t.Errorf("observed %d writes, want 3", got)
	}
	for _, d := range obs.ds {
		if d <= 0 {
			t.Errorf("a write took %v", d)
		}
	}
}
