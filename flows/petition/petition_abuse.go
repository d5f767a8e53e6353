package petition

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"danchu/flows"

	"golang.org/x/text/unicode/norm"

	"danchu"
)

// Abuse without harm: a resident files at most
// Settings.Petitions.DailyLimit petitions a day (the calendar day in the
// unit's time zone; 0 means no limit), and is asked before filing a second
// petition of nearly the same text in the same field within a day.

// duplicateWindow is how far back a near duplicate is looked for.
const duplicateWindow = 24 * time.Hour

// similarEnough is the Jaccard index of word sets at or above which two
// texts are "nearly the same".
const similarEnough = 0.8

// dailyLimitReplies answers a resident who filed their petitions of the day;
// nil when they may file another.
func (a *Area) dailyLimitReplies(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	limit := a.Settings.Petitions.DailyLimit
	if limit <= 0 {
		return nil, nil
	}
	_, n, err := a.Petitions.ListPetitions(ctx, danchu.PetitionFilter{
		ResidentID: t.Resident.ID, ReceivedAfter: a.Calendar().Day(t.Now()), Limit: 1})
	if err != nil {
		return nil, fmt.Errorf("flows: count today's petitions: %w", err)
	}
	if n < limit {
		return nil, nil
	}
	return []flows.Reply{t.WithMenu(msgPetDailyLimit, map[string]any{"Count": n})}, nil
}

// nearDuplicate finds a petition the resident filed in the last day, in
// the same field, with nearly the same content; nil when there is none.
func (a *Area) nearDuplicate(ctx context.Context, t *flows.Turn, d *draft) (*danchu.Petition, error) {
	list, _, err := a.Petitions.ListPetitions(ctx, danchu.PetitionFilter{ResidentID: t.Resident.ID,
		Fields: []string{d.Field}, ReceivedAfter: t.Now().Add(-duplicateWindow), Limit: 50})
	if err != nil {
		return nil, fmt.Errorf("flows: recent petitions: %w", err)
	}
	for _, p := range list {
		if similar(p.Content, d.Content) {
			return p, nil
		}
	}
	return nil, nil
}

// similar compares two texts as sets of words: both are put in Unicode NFC
// and lower case, split at everything that is not a letter or a digit, and
// compared by the Jaccard index |A∩B| / |A∪B|. Word order, punctuation,
// spacing and repeats do not matter; diacritics do ("đường" is not
// "duong"). Two empty texts are not similar.
func similar(a, b string) bool {
	wa, wb := wordSet(a), wordSet(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	both := 0
	for w := range wa {
		if wb[w] {
			both++
		}
	}
	union := len(wa) + len(wb) - both
	return float64(both)/float64(union) >= similarEnough
}

func wordSet(s string) map[string]bool {
	words := strings.FieldsFunc(strings.ToLower(norm.NFC.String(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	return set
}
