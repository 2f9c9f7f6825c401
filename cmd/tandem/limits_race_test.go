//go:build race

package main

import "time"

// Under the race detector everything runs several times slower, so the
// limits of waiting are scaled; see limits_test.go.
const (
	waitLimit = 60 * time.Second
	ackLimit  = 15 * time.Second
)
