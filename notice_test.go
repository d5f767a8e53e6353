package danchu

import (
	"testing"
	"time"
)

// One answer per household: the latest of its members; a resident in no
// confirmed household counts alone; a deleted one who counted alone is gone.
func TestHouseholdAnswers(t *testing.T) {
	t0 := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	answers := []MeetingAnswer{ // oldest first, as MeetingAnswersOf lists them
		{ResidentID: 1, HouseholdID: 10, Answer: AnswerAttend, At: at(1)},
		{ResidentID: 3, Answer: AnswerAck, At: at(2)},
		{ResidentID: 2, HouseholdID: 10, Answer: AnswerAbsent, At: at(3)}, // the household's latest
		{ResidentID: 0, Answer: AnswerAck, At: at(4)},                     // deleted, counted alone
		{ResidentID: 0, HouseholdID: 11, Answer: AnswerAttend, At: at(5)}, // deleted, their household stays
		{ResidentID: 4, HouseholdID: 12, Answer: AnswerAck, At: at(6)},
		{ResidentID: 5, HouseholdID: 12, Answer: AnswerAttend, At: at(6)}, // same time: the later in the list
	}
	got := HouseholdAnswers(answers)
	want := map[AnswerUnit]string{
		{HouseholdID: 10}: AnswerAbsent,
		{ResidentID: 3}:   AnswerAck,
		{HouseholdID: 11}: AnswerAttend,
		{HouseholdID: 12}: AnswerAttend,
	}
	if len(got) != len(want) {
		t.Fatalf("%d units %+v, want %d", len(got), got, len(want))
	}
	for u, answer := range want {
		if got[u].Answer != answer {
			t.Errorf("unit %+v: %q, want %q", u, got[u].Answer, answer)
		}
	}
}
