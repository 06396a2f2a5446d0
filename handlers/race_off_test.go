//go:build !race

package handlers_test

// raceEnabled: the tests run under the race detector (slow for the national demo).
const raceEnabled = false
