package storage_test

import (
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

// mustFileFive files five petitions and returns their numbers.
func mustFileFive(tb testing.TB, db *storage.DB) []string {
	tb.Helper()
	var numbers []string
	for i, kind := range []danchu.Kind{danchu.KindReport, danchu.KindComplaint, danchu.KindRecommendation, danchu.KindDenunciation, danchu.KindReport} {
		var id *danchu.Identity
		if kind.NeedsIdentity() {
			id = identity
		}
		p := newPetition(kind, 0, local(2026, 4, 1+i, 9, 0))
		numbers = append(numbers, mustFile(tb, db, p, id).Number)
	}
	return numbers
}

// TestVerifyReceiptsReportsChanges changes one stored row behind the
// store's back and sees it reported with the petition's number.
func TestVerifyReceiptsReportsChanges(t *testing.T) {
	type want struct {
		number int // index in the numbers filed
		reason string
	}
	tests := []struct {
		name   string
		change string // SQL with ? for the number of the third petition
		want   []want
	}{
		{"a petition's content", `UPDATE petitions SET content = 'Nội dung đã bị sửa' WHERE number = ?`,
			[]want{{2, "content differs from what was filed"}}},
		{"a petition's attachments", `UPDATE petitions SET attachments = '[]' WHERE number = ?`,
			[]want{{2, "content differs from what was filed"}}},
		{"a petition's field", `UPDATE petitions SET field = 'Khác' WHERE number = ?`,
			[]want{{2, "content differs from what was filed"}}},
		{"a petition's time received", `UPDATE petitions SET received_at = (SELECT received_at FROM petitions WHERE seq = 5) WHERE number = ?`,
			[]want{{2, "kind or time received differs"}}},
		{"a receipt's hash", `UPDATE receipts SET hash = '` + strings.Repeat("ab", 32) + `' WHERE number = ?`,
			[]want{{2, "hash does not match"}, {3, "does not follow the receipt before it"}}},
		{"a receipt's content digest", `UPDATE receipts SET content_digest = '` + strings.Repeat("cd", 32) + `' WHERE number = ?`,
			[]want{{2, "hash does not match"}, {2, "content differs from what was filed"}}},
		{"a receipt removed", `DELETE FROM receipts WHERE number = ?`,
			[]want{{3, "does not follow"}, {3, "expected number 3"}, {-1, "has no receipt"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
				numbers := mustFileFive(t, db)
				mustVerify(t, db)
				mustNil(t, storage.ExecForTest(t.Context(), db, tt.change, numbers[2]))
				errs, err := db.VerifyReceipts(t.Context())
				mustNil(t, err)
				if len(errs) != len(tt.want) {
					t.Fatalf("VerifyReceipts = %v, want %d errors", errs, len(tt.want))
				}
				for i, w := range tt.want {
					number := numbers[2]
					if w.number >= 0 {
						number = numbers[w.number]
					}
					if errs[i].Number != number || !strings.Contains(errs[i].Reason, w.reason) || !strings.Contains(errs[i].Error(), number) {
						t.Errorf("error %d = %v, want %s: %s", i, errs[i], number, w.reason)
					}
				}
			})
		})
	}
}

// TestVerifyReceiptsAfterHandling: handling, rating and the author's
// deletion change no receipt and no content.
func TestVerifyReceiptsAfterHandling(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		author := mustCreateResident(t, db, 1001, "Tiểu khu 1")
		boss := mustCreateResident(t, db, 1002, "")
		at := local(2026, 3, 2, 9, 30)
		p := newPetition(danchu.KindComplaint, author.ID, at)
		mustFile(t, db, p, identity)
		p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionAccept, At: at.Add(time.Hour)})
		p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionAnswer, At: at.Add(2 * time.Hour), Note: "Giữ nguyên quyết định"})
		r, err := danchu.NewRating(danchu.Actor{ResidentID: author.ID}, p, 3, "", at.Add(3*time.Hour))
		mustNil(t, err)
		mustNil(t, db.Rate(t.Context(), r))
		mustNil(t, db.DeleteResident(t.Context(), author.ID))
		mustVerify(t, db)
	})
}
