//go:build race

package report

// raceEnabled: the race detector slows the outputs about tenfold, so their
// time says nothing then.
const raceEnabled = true
