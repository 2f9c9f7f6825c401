//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Lock takes an exclusive lock on path+".lock" so that only one serving
// process uses a database file: two schedulers on one file would run every
// round twice. The operating system drops the lock when the process dies,
// even on kill -9, so a crash never leaves a stale lock. Release frees it.
// A missing or unwritable folder is an *OpenError, as for Open.
func Lock(path string) (release func() error, err error) {
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: lock: %w", openError(path, err))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	return f.Close, nil
}
