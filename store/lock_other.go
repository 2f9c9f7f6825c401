//go:build !unix

package store

// Lock is a no-op where flock is not available; run one tandem per database
// file there.
func Lock(path string) (release func() error, err error) {
	return func() error { return nil }, nil
}
