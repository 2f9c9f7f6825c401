//go:build !race

package main

import "time"

// waitLimit is how long a test waits for something tandem does in the
// background; ackLimit is how long the fake Slack waits for an ack (Slack's
// 3 s). Tests that measure ack latency assert it on their own.
const (
	waitLimit = 10 * time.Second
	ackLimit  = 3 * time.Second
)
