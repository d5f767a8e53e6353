package storage

import (
	"context"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.RoleService = (*DB)(nil)

type roleRow struct {
	ResidentID    int64     `db:"resident_id"`
	Role          string    `db:"role"`
	Neighbourhood string    `db:"neighbourhood"`
	GrantedAt     timestamp `db:"granted_at"`
	GrantedBy     string    `db:"granted_by"`
}

func (r roleRow) grant() danchu.RoleGrant {
	return danchu.RoleGrant{
		ResidentID:    r.ResidentID,
		Role:          danchu.Role(r.Role),
		Neighbourhood: r.Neighbourhood,
		GrantedAt:     r.GrantedAt.Time(),
		GrantedBy:     r.GrantedBy,
	}
}

const roleColumns = `resident_id, role, neighbourhood, granted_at, granted_by`

// RolesOf lists the roles of a resident by role; an empty list, never
// ENOTFOUND.
func (db *DB) RolesOf(ctx context.Context, residentID int64) ([]danchu.RoleGrant, error) {
	return db.listRoles(ctx, "storage.RolesOf",
		`SELECT `+roleColumns+` FROM roles WHERE resident_id = ? ORDER BY role, neighbourhood`, residentID)
}

// ListRoles lists every grant, by role then resident.
func (db *DB) ListRoles(ctx context.Context) ([]danchu.RoleGrant, error) {
	return db.listRoles(ctx, "storage.ListRoles",
		`SELECT `+roleColumns+` FROM roles ORDER BY role, resident_id, neighbourhood`)
}

func (db *DB) listRoles(ctx context.Context, op, query string, args ...any) ([]danchu.RoleGrant, error) {
	var rows []roleRow
	if err := db.sel(ctx, &rows, query, args...); err != nil {
		return nil, internal(op, err)
	}
	out := make([]danchu.RoleGrant, len(rows))
	for i, row := range rows {
		out[i] = row.grant()
	}
	return out, nil
}

// GrantRole adds a grant; granting the same role and neighbourhood again is
// not an error (the first grant is kept). EINVALID for an unknown role or a
// neighbourhood that does not fit the role; ENOTFOUND for an unknown resident.
// A zero GrantedAt means now.
func (db *DB) GrantRole(ctx context.Context, g danchu.RoleGrant) error {
	const op = "storage.GrantRole"
	if err := checkRole(op, g.Role, g.Neighbourhood); err != nil {
		return err
	}
	if g.GrantedAt.IsZero() {
		g.GrantedAt = db.now()
	}
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		return db.grantRole(ctx, tx, op, g)
	}))
}

func (db *DB) grantRole(ctx context.Context, tx *sqlx.Tx, op string, g danchu.RoleGrant) error {
	_, err := tx.ExecContext(ctx, db.rebind(`
		INSERT INTO roles (resident_id, role, neighbourhood, granted_at, granted_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (resident_id, role, neighbourhood) DO NOTHING`),
		g.ResidentID, string(g.Role), g.Neighbourhood, ts(g.GrantedAt), g.GrantedBy)
	if isForeignKeyViolation(err) {
		return notFound(op, "resident not found")
	}
	return err
}

// RevokeRole removes a resident's role (all neighbourhoods of it);
// ENOTFOUND when the resident does not hold it.
func (db *DB) RevokeRole(ctx context.Context, residentID int64, role danchu.Role) error {
	const op = "storage.RevokeRole"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM roles WHERE resident_id = ? AND role = ?`),
			residentID, string(role))
		return mustAffect(op, res, err, "the resident does not hold this role")
	}))
}

// checkRole: a tiểu khu head leads one neighbourhood; other roles act for
// the whole unit and name none.
func checkRole(op string, role danchu.Role, neighbourhood string) error {
	switch {
	case !role.Valid():
		return invalid(op, "unknown role")
	case role == danchu.RoleTieuKhuHead && neighbourhood == "":
		return invalid(op, "a neighbourhood head needs a neighbourhood")
	case role != danchu.RoleTieuKhuHead && neighbourhood != "":
		return invalid(op, "only a neighbourhood head has a neighbourhood")
	}
	return nil
}
