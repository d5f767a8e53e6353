// Package report is the report deadlines' part of the conversation:
// /bao_cao lists the half-year, annual and ad hoc deadlines with their
// state, lets the chairman create an ad hoc one, and takes the «Đã nộp»
// press that stops a deadline's reminders.
package report

import (
	"context"
	"embed"
	"io/fs"

	"danchu"
	"danchu/flows"
)

//go:embed locales/vi.toml locales/en.toml
var locales embed.FS

// Area holds what the report deadlines use. Without Deadlines /bao_cao
// answers "coming soon".
type Area struct {
	flows.Base
	Deadlines danchu.ReportDeadlineService
	Residents residentFinder
	Roles     roleLister
	Audit     flows.AuditLog
}

// residentFinder names the people who submitted and whom to pick.
type residentFinder interface {
	FindResidentByID(ctx context.Context, id int64) (*danchu.Resident, error)
}

// roleLister lists the officials a deadline may be given to.
type roleLister interface {
	ListRoles(ctx context.Context) ([]danchu.RoleGrant, error)
}

var (
	staffPublish = []danchu.Role{danchu.RoleChairman, danchu.RoleOfficial}
	staffWatch   = []danchu.Role{danchu.RoleSupervisor}
)

// Locales are the area's texts.
func (r *Area) Locales() fs.FS {
	sub, _ := fs.Sub(locales, "locales")
	return sub
}

// Menu lists /bao_cao, and the supervisors' «Giám sát», which has no
// conversation yet: the engine answers that it is coming.
func (r *Area) Menu() []flows.MenuEntry {
	return []flows.MenuEntry{
		{Command: "bao_cao", Label: msgMenuReports, Roles: staffPublish, Order: 240},
		{Command: "giam_sat", Label: msgMenuSupervision, Roles: staffWatch, Order: 250},
	}
}

// Features is /bao_cao and the «Đã nộp» button of the reminders.
func (r *Area) Features() []flows.Feature {
	if r.Deadlines == nil {
		return nil
	}
	return []flows.Feature{{Command: "bao_cao", Flow: flowReport, Start: r.start, Step: r.step, Button: r.button}}
}

func (r *Area) audit(ctx context.Context, actorID int64, action, subject, detail string) error {
	return flows.Audit(ctx, r.Audit, r.Now(), actorID, action, subject, detail)
}
