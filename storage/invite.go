package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

type inviteRow struct {
	Code          string          `db:"code"`
	Role          string          `db:"role"`
	Neighbourhood string          `db:"neighbourhood"`
	CreatedAt     timestamp       `db:"created_at"`
	ExpiresAt     timestamp       `db:"expires_at"`
	UsedAt        *timestamp      `db:"used_at"`
	UsedBy        sql.Null[int64] `db:"used_by"`
}

func (r inviteRow) invite() *danchu.Invite {
	return &danchu.Invite{
		Code:          r.Code,
		Role:          danchu.Role(r.Role),
		Neighbourhood: r.Neighbourhood,
		CreatedAt:     r.CreatedAt.Time(),
		ExpiresAt:     r.ExpiresAt.Time(),
		UsedAt:        r.UsedAt.TimePtr(),
		UsedBy:        r.UsedBy.V,
	}
}

// CreateInvite stores a new invite. A zero CreatedAt means now. EINVALID
// without a code or expiry or with a role that does not fit; ECONFLICT when
// the code exists.
func (db *DB) CreateInvite(ctx context.Context, inv *danchu.Invite) error {
	const op = "storage.CreateInvite"
	switch {
	case inv.Code == "":
		return invalid(op, "invite has no code")
	case inv.ExpiresAt.IsZero():
		return invalid(op, "invite has no expiry")
	}
	if err := checkRole(op, inv.Role, inv.Neighbourhood); err != nil {
		return err
	}
	if inv.CreatedAt.IsZero() {
		inv.CreatedAt = db.now()
	}
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, db.rebind(`
			INSERT INTO invites (code, role, neighbourhood, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`),
			inv.Code, string(inv.Role), inv.Neighbourhood, ts(inv.CreatedAt), ts(inv.ExpiresAt))
		return err
	})
	if isUniqueViolation(err) {
		return conflict(op, "an invite with this code exists")
	}
	if err != nil {
		return internal(op, err)
	}
	inv.CreatedAt, inv.ExpiresAt = normTime(inv.CreatedAt), normTime(inv.ExpiresAt)
	inv.UsedAt, inv.UsedBy = nil, 0
	return nil
}

// RedeemInvite marks the code used by residentID and grants its role, in one
// transaction. ENOTFOUND for an unknown code (or resident), ECONFLICT when
// already used, EINVALID when expired at now. Of two residents redeeming one
// code at once, exactly one succeeds.
func (db *DB) RedeemInvite(ctx context.Context, code string, residentID int64, now time.Time) (*danchu.Invite, error) {
	const op = "storage.RedeemInvite"
	now = normTime(now)
	var inv *danchu.Invite
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		var row inviteRow
		err := tx.GetContext(ctx, &row, db.rebind(`
			SELECT code, role, neighbourhood, created_at, expires_at, used_at, used_by FROM invites WHERE code = ?`), code)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return notFound(op, "unknown invite code")
		case err != nil:
			return err
		case row.UsedAt != nil:
			return conflict(op, "this invite was already used")
		case !now.Before(row.ExpiresAt.Time()):
			return invalid(op, "this invite has expired")
		}
		// The condition on used_at settles a race on PostgreSQL: the second
		// transaction waits for the first and then changes nothing.
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE invites SET used_at = ?, used_by = ? WHERE code = ? AND used_at IS NULL`),
			ts(now), residentID, code)
		if isForeignKeyViolation(err) {
			return notFound(op, "resident not found")
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return conflict(op, "this invite was already used")
		}
		inv = row.invite()
		inv.UsedAt, inv.UsedBy = &now, residentID
		return db.grantRole(ctx, tx, op, danchu.RoleGrant{
			ResidentID:    residentID,
			Role:          inv.Role,
			Neighbourhood: inv.Neighbourhood,
			GrantedAt:     now,
			GrantedBy:     "invite:" + code,
		})
	})
	if err != nil {
		return nil, internal(op, err)
	}
	return inv, nil
}
