package main

import "testing"

// forgetMeFixtures gives ana data in every feature that holds personal
// data and returns what `forget me` must then say it deleted.
func forgetMeFixtures(t *testing.T, a *testApp) []string {
	return nil
}

// exportFixtureFiles are the export's files beyond programs, rounds and groups.
func exportFixtureFiles() []string {
	return []string{"groups.csv", "meetings.csv", "left_out.csv"}
}
