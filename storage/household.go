package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.HouseholdService = (*DB)(nil)

type householdRow struct {
	ID               int64         `db:"id"`
	Neighbourhood    string        `db:"neighbourhood"`
	Address          string        `db:"address"`
	RepresentativeID sql.NullInt64 `db:"representative_id"`
	ConfirmedBy      int64         `db:"confirmed_by"`
	ConfirmedAt      *timestamp    `db:"confirmed_at"`
	CreatedAt        timestamp     `db:"created_at"`
	Members          int           `db:"members"`
}

const householdColumns = `h.id, h.neighbourhood, h.address, h.representative_id, h.confirmed_by, h.confirmed_at, h.created_at,
	(SELECT COUNT(*) FROM household_members m WHERE m.household_id = h.id) AS members`

func (r *householdRow) household() *danchu.Household {
	return &danchu.Household{ID: r.ID, Neighbourhood: r.Neighbourhood, Address: r.Address,
		RepresentativeID: r.RepresentativeID.Int64, ConfirmedBy: r.ConfirmedBy, ConfirmedAt: r.ConfirmedAt.TimePtr(),
		CreatedAt: r.CreatedAt.Time(), Members: r.Members}
}

// checkAddress trims the address and returns its key, or EINVALID.
func checkAddress(op, neighbourhood, address string) (string, string, error) {
	address = strings.TrimSpace(address)
	key := danchu.AddressKey(address)
	if key == "" || len([]rune(address)) > danchu.MaxAddress || strings.TrimSpace(neighbourhood) == "" {
		return "", "", invalid(op, "a household needs a neighbourhood and an address")
	}
	return address, key, nil
}

// ensureHousehold finds or creates the household in tx and returns its id.
func (db *DB) ensureHousehold(ctx context.Context, tx *sqlx.Tx, neighbourhood, address, key string, at time.Time) (int64, error) {
	var id int64
	err := tx.GetContext(ctx, &id, db.rebind(`
		INSERT INTO households (neighbourhood, address, address_key, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (neighbourhood, address_key) DO NOTHING RETURNING id`),
		neighbourhood, address, key, ts(at))
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.GetContext(ctx, &id, db.rebind(`SELECT id FROM households WHERE neighbourhood = ? AND address_key = ?`), neighbourhood, key)
	}
	return id, err
}

// DeclareHousehold records the resident's household (danchu.HouseholdService).
func (db *DB) DeclareHousehold(ctx context.Context, residentID int64, neighbourhood, address string, at time.Time) (*danchu.Household, error) {
	const op = "storage.DeclareHousehold"
	address, key, err := checkAddress(op, neighbourhood, address)
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, db.rebind(`SELECT COUNT(*) FROM residents WHERE id = ?`), residentID); err != nil {
			return err
		}
		if n == 0 {
			return notFound(op, "no such resident")
		}
		var err error
		if id, err = db.ensureHousehold(ctx, tx, neighbourhood, address, key, at); err != nil {
			return err
		}
		var former int64
		err = tx.GetContext(ctx, &former, db.rebind(`SELECT household_id FROM household_members WHERE resident_id = ?`), residentID)
		switch {
		case err == nil && former == id:
			return nil // the same household again
		case err == nil:
			// Moving out: the former household loses its representative
			// if it was them.
			if _, err := tx.ExecContext(ctx, db.rebind(`
				UPDATE households SET representative_id = NULL, confirmed_by = 0, confirmed_at = NULL
				WHERE id = ? AND representative_id = ?`), former, residentID); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, db.rebind(`UPDATE household_members SET household_id = ?, declared_at = ? WHERE resident_id = ?`),
				id, ts(at), residentID)
			return err
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, db.rebind(`INSERT INTO household_members (resident_id, household_id, declared_at) VALUES (?, ?, ?)`),
				residentID, id, ts(at))
			return err
		default:
			return err
		}
	})
	if err != nil {
		return nil, internal(op, err)
	}
	return db.FindHousehold(ctx, id)
}

// EnsureHousehold finds or creates a household (danchu.HouseholdService).
func (db *DB) EnsureHousehold(ctx context.Context, neighbourhood, address string, at time.Time) (*danchu.Household, error) {
	const op = "storage.EnsureHousehold"
	address, key, err := checkAddress(op, neighbourhood, address)
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		var e error
		id, e = db.ensureHousehold(ctx, tx, neighbourhood, address, key, at)
		return e
	})
	if err != nil {
		return nil, internal(op, err)
	}
	return db.FindHousehold(ctx, id)
}

// FindHousehold returns ENOTFOUND when there is no such household.
func (db *DB) FindHousehold(ctx context.Context, id int64) (*danchu.Household, error) {
	const op = "storage.FindHousehold"
	var row householdRow
	err := db.get(ctx, &row, `SELECT `+householdColumns+` FROM households h WHERE h.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "no such household")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	return row.household(), nil
}

// HouseholdOf returns ENOTFOUND when the resident declared no household.
func (db *DB) HouseholdOf(ctx context.Context, residentID int64) (*danchu.Household, error) {
	const op = "storage.HouseholdOf"
	var row householdRow
	err := db.get(ctx, &row, `SELECT `+householdColumns+` FROM households h
		JOIN household_members hm ON hm.household_id = h.id WHERE hm.resident_id = ?`, residentID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "no household declared")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	return row.household(), nil
}

// ListHouseholds lists a neighbourhood's households by address.
func (db *DB) ListHouseholds(ctx context.Context, neighbourhood string) ([]*danchu.Household, error) {
	const op = "storage.ListHouseholds"
	var rows []householdRow
	if err := db.sel(ctx, &rows, `SELECT `+householdColumns+` FROM households h WHERE h.neighbourhood = ?
		ORDER BY h.address_key, h.id`, neighbourhood); err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.Household, len(rows))
	for i := range rows {
		out[i] = rows[i].household()
	}
	return out, nil
}

// HouseholdMembers lists a household's members, oldest first.
func (db *DB) HouseholdMembers(ctx context.Context, householdID int64) ([]danchu.HouseholdMember, error) {
	return db.householdMembers(ctx, "storage.HouseholdMembers", `m.household_id = ? ORDER BY m.declared_at, m.resident_id`, householdID)
}

func (db *DB) householdMembers(ctx context.Context, op, where string, args ...any) ([]danchu.HouseholdMember, error) {
	var rows []struct {
		HouseholdID int64     `db:"household_id"`
		ResidentID  int64     `db:"resident_id"`
		Name        string    `db:"full_name"`
		DeclaredAt  timestamp `db:"declared_at"`
	}
	if err := db.sel(ctx, &rows, `SELECT m.household_id, m.resident_id, r.full_name, m.declared_at
		FROM household_members m JOIN residents r ON r.id = m.resident_id
		WHERE `+where, args...); err != nil {
		return nil, internal(op, err)
	}
	out := make([]danchu.HouseholdMember, len(rows))
	for i, r := range rows {
		out[i] = danchu.HouseholdMember{HouseholdID: r.HouseholdID, ResidentID: r.ResidentID, Name: r.Name, DeclaredAt: r.DeclaredAt.Time()}
	}
	return out, nil
}

// NeighbourhoodMembers lists the members of every household of a
// neighbourhood, by household, each household's oldest first.
func (db *DB) NeighbourhoodMembers(ctx context.Context, neighbourhood string) ([]danchu.HouseholdMember, error) {
	return db.householdMembers(ctx, "storage.NeighbourhoodMembers", `m.household_id IN (SELECT id FROM households WHERE neighbourhood = ?)
		ORDER BY m.household_id, m.declared_at, m.resident_id`, neighbourhood)
}

// SetRepresentative confirms a member as the household's representative.
func (db *DB) SetRepresentative(ctx context.Context, householdID, residentID, by int64, at time.Time) error {
	const op = "storage.SetRepresentative"
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, db.rebind(`SELECT COUNT(*) FROM households WHERE id = ?`), householdID); err != nil {
			return err
		}
		if n == 0 {
			return notFound(op, "no such household")
		}
		if err := tx.GetContext(ctx, &n, db.rebind(`SELECT COUNT(*) FROM household_members WHERE household_id = ? AND resident_id = ?`),
			householdID, residentID); err != nil {
			return err
		}
		if n == 0 {
			return invalid(op, "the representative must be a member of the household")
		}
		_, err := tx.ExecContext(ctx, db.rebind(`UPDATE households SET representative_id = ?, confirmed_by = ?, confirmed_at = ? WHERE id = ?`),
			residentID, by, ts(at), householdID)
		return err
	})
	return internal(op, err)
}
