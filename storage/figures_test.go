package storage_test

import (
	"context"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

// The golden figures are in package report (TestHalfYearFigures), which
// computes them through these methods on both engines; here, the error
// contract.
func TestReportFiguresRefuseAnEmptyPeriod(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		at := time.Date(2027, 6, 15, 0, 0, 0, 0, time.UTC)
		calls := map[string]func(context.Context, time.Time, time.Time) error{
			"petitions": func(ctx context.Context, f, to time.Time) error { _, err := db.ReportPetitions(ctx, f, to); return err },
			"reception": func(ctx context.Context, f, to time.Time) error { _, err := db.ReportReception(ctx, f, to); return err },
			"dialogues": func(ctx context.Context, f, to time.Time) error { _, err := db.ReportDialogues(ctx, f, to); return err },
			"disclosures": func(ctx context.Context, f, to time.Time) error {
				_, err := db.ReportDisclosures(ctx, f, to)
				return err
			},
			"notices": func(ctx context.Context, f, to time.Time) error {
				_, err := db.ReportNotices(ctx, f, to, []string{"Tiểu khu 1"})
				return err
			},
			"consultations": func(ctx context.Context, f, to time.Time) error {
				_, err := db.ReportConsultations(ctx, f, to)
				return err
			},
			"votes":     func(ctx context.Context, f, to time.Time) error { _, err := db.ReportVotes(ctx, f, to); return err },
			"residents": func(ctx context.Context, f, to time.Time) error { _, err := db.ReportResidents(ctx, f, to); return err },
		}
		for name, call := range calls {
			if err := call(ctx, at, at); danchu.ErrorCode(err) != danchu.EINVALID {
				t.Errorf("%s with to = from: %v, want EINVALID", name, err)
			}
			if err := call(ctx, at.AddDate(-1, 0, 0), at); err != nil {
				t.Errorf("%s on an empty database: %v", name, err)
			}
		}
	})
}
