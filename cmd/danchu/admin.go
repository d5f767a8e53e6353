package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"danchu"
	"danchu/flows/account"
	"danchu/storage"
)

// adminFlags are the flags of `danchu admin ...`.
type adminFlags struct {
	role       string
	tieuKhu    string
	ttl        time.Duration
	telegramID int64
}

func registerAdminFlags(fs *flag.FlagSet, command string) *adminFlags {
	if !strings.HasPrefix(command, "admin ") {
		return nil
	}
	a := &adminFlags{}
	fs.StringVar(&a.role, "role", "", "role: chairman, official, tieu_khu_head, supervisor or admin")
	fs.StringVar(&a.tieuKhu, "tieu-khu", "", "the neighbourhood of a tieu_khu_head, as named in the settings")
	fs.DurationVar(&a.ttl, "ttl", 72*time.Hour, "how long the invite code is valid")
	fs.Int64Var(&a.telegramID, "telegram-id", 0, "the Telegram id of the official (see admin roles)")
	return a
}

// openDatabase opens the configured database, migrated unless told not to,
// with the unit's petition numbering and the secret key.
func (m *Main) openDatabase(ctx context.Context) (*storage.DB, error) {
	box, err := m.secretBox()
	if err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, m.Config.DatabaseURL)
	if err != nil {
		return nil, err
	}
	db.Secrets = box
	db.UnitCode = m.Settings.Unit.Code
	db.Location = m.Settings.Location()
	if !m.Config.NoMigrate {
		if err := db.Migrate(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := db.CheckSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (m *Main) migrate(ctx context.Context) error {
	db, err := storage.Open(ctx, m.Config.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	current, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "database schema at version %d\n", current)
	return nil
}

func (m *Main) runAdmin(ctx context.Context) error {
	db, err := m.openDatabase(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a := m.adminFlags
	switch m.command {
	case "admin invite":
		return m.adminInvite(ctx, db, a)
	case "admin roles":
		return m.adminRoles(ctx, db)
	case "admin revoke":
		return m.adminRevoke(ctx, db, a)
	case "admin verify-receipts":
		return m.adminVerifyReceipts(ctx, db)
	}
	return fmt.Errorf("unknown command %q", m.command)
}

func (m *Main) adminInvite(ctx context.Context, db *storage.DB, a adminFlags) error {
	role := danchu.Role(a.role)
	if !role.Valid() {
		return fmt.Errorf("--role %q: use chairman, official, tieu_khu_head, supervisor or admin", a.role)
	}
	if role == danchu.RoleTieuKhuHead {
		if _, ok := m.Settings.NeighbourhoodByName(a.tieuKhu); !ok {
			return fmt.Errorf("--tieu-khu %q: name one of the settings' neighbourhoods: %s", a.tieuKhu, neighbourhoodNames(m.Settings))
		}
	} else if a.tieuKhu != "" {
		return fmt.Errorf("--tieu-khu goes only with --role tieu_khu_head")
	}
	if a.ttl <= 0 {
		return fmt.Errorf("--ttl must be positive, for example 72h")
	}
	now := m.Now()
	inv := &danchu.Invite{
		Code:          newInviteCode(),
		Role:          role,
		Neighbourhood: a.tieuKhu,
		CreatedAt:     now,
		ExpiresAt:     now.Add(a.ttl),
	}
	if err := db.CreateInvite(ctx, inv); err != nil {
		return err
	}
	if err := db.Audit(ctx, danchu.AuditEntry{At: now, Action: "invite.create", Subject: "role:" + string(role), Detail: "by admin CLI"}); err != nil {
		return err
	}
	loc := m.Settings.Location()
	fmt.Fprintf(m.Stdout, "Mã mời (invite code) for %s: %s\n", role, inv.Code)
	fmt.Fprintf(m.Stdout, "The official sends this to the bot: /start %s\n", account.InvitePayload(inv.Code))
	fmt.Fprintf(m.Stdout, "Valid until %s; it works once.\n", danchu.DateTime(inv.ExpiresAt, loc))
	return nil
}

func (m *Main) adminRoles(ctx context.Context, db *storage.DB) error {
	grants, err := db.ListRoles(ctx)
	if err != nil {
		return err
	}
	if len(grants) == 0 {
		fmt.Fprintln(m.Stdout, "Nobody has a role yet: create one with danchu admin invite --role chairman")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tNEIGHBOURHOOD\tTELEGRAM ID\tNAME\tSINCE")
	for _, g := range grants {
		name, tgID := "(deleted)", int64(0)
		if r, err := db.FindResidentByID(ctx, g.ResidentID); err == nil {
			name, tgID = r.FullName, r.TelegramID
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", g.Role, dash(g.Neighbourhood), tgID, name, danchu.Date(g.GrantedAt, m.Settings.Location()))
	}
	return tw.Flush()
}

func (m *Main) adminRevoke(ctx context.Context, db *storage.DB, a adminFlags) error {
	role := danchu.Role(a.role)
	if !role.Valid() || a.telegramID == 0 {
		return fmt.Errorf("give --telegram-id ID (see danchu admin roles) and --role ROLE")
	}
	r, err := db.FindResidentByTelegramID(ctx, a.telegramID)
	if err != nil {
		return fmt.Errorf("telegram id %d: %w", a.telegramID, err)
	}
	if err := db.RevokeRole(ctx, r.ID, role); err != nil {
		return fmt.Errorf("revoke %s: %w", role, err)
	}
	if err := db.Audit(ctx, danchu.AuditEntry{At: m.Now(), Action: "role.revoke", Subject: fmt.Sprintf("resident:%d", r.ID), Detail: string(role)}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Revoked %s from telegram id %d.\n", role, a.telegramID)
	return nil
}

// adminVerifyReceipts checks the chain of petition receipts: a changed
// petition or receipt is reported with its number.
func (m *Main) adminVerifyReceipts(ctx context.Context, db *storage.DB) error {
	problems, err := db.VerifyReceipts(ctx)
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		fmt.Fprintln(m.Stdout, "The receipt chain is intact.")
		return nil
	}
	for _, p := range problems {
		fmt.Fprintln(m.Stdout, p.Error())
	}
	return fmt.Errorf("%d problems in the receipt chain", len(problems))
}

// newInviteCode returns 10 random characters that are easy to type.
func newInviteCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 10)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func neighbourhoodNames(s *danchu.Settings) string {
	names := make([]string, len(s.Neighbourhoods))
	for i, n := range s.Neighbourhoods {
		names[i] = fmt.Sprintf("%q", n.Name)
	}
	return strings.Join(names, ", ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
