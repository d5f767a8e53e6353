package storage

import (
	"context"
	"slices"
	"strings"
	"time"

	"danchu"
)

// petitionWhere writes f (without its paging) as a WHERE clause with ?
// placeholders. It means what danchu.PetitionFilter.Match means; a test
// compares the two over generated petitions.
func petitionWhere(f danchu.PetitionFilter) (string, []any) {
	var conds []string
	var args []any
	in := func(column string, values []string) {
		if len(values) == 0 {
			return
		}
		conds = append(conds, column+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ")+")")
		for _, v := range values {
			args = append(args, v)
		}
	}
	in("status", strs(f.Statuses))
	in("kind", strs(f.Kinds))
	in("field", f.Fields)
	in("neighbourhood", f.Neighbourhoods)
	if f.ResidentID != 0 {
		conds = append(conds, "resident_id = ?")
		args = append(args, f.ResidentID)
	}
	if f.Year != 0 {
		conds = append(conds, "year = ?")
		args = append(args, f.Year)
	}
	if !f.ReceivedAfter.IsZero() {
		conds = append(conds, "received_at >= ?")
		args = append(args, ts(ceilMicro(f.ReceivedAfter)))
	}
	if !f.DueBefore.IsZero() {
		// Petition.Due: the acceptance while received, the answer while
		// accepted or in progress; nothing is due otherwise.
		conds = append(conds, "(status = ? AND accept_due < ? OR status IN (?, ?) AND resolve_due < ?)")
		due := ts(ceilMicro(f.DueBefore))
		args = append(args, string(danchu.StatusReceived), due,
			string(danchu.StatusAccepted), string(danchu.StatusInProgress), due)
	}
	switch f.Handler {
	case danchu.HandlerUnassigned:
		conds = append(conds, "handler_id IS NULL")
	case danchu.HandlerIs:
		if f.HandlerID == 0 {
			conds = append(conds, "handler_id IS NULL")
		} else {
			conds = append(conds, "handler_id = ?")
			args = append(args, f.HandlerID)
		}
	case danchu.HandlerIsOrNone:
		conds = append(conds, "(handler_id IS NULL OR handler_id = ?)")
		args = append(args, f.HandlerID)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ceilMicro rounds t up to the microsecond. Stored times are whole
// microseconds, so for a stored s, s >= t and s < t hold exactly when they
// hold for ceilMicro(t); truncating instead would let a filter of time.Now()
// disagree with Match within its last microsecond.
func ceilMicro(t time.Time) time.Time {
	c := t.Truncate(time.Microsecond)
	if c.Before(t) {
		c = c.Add(time.Microsecond)
	}
	return c
}

func strs[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

// ListPetitions returns a page of the petitions f matches, newest first (by
// ReceivedAt, then ID), and how many f matches in all. Limit 0 is no limit.
func (db *DB) ListPetitions(ctx context.Context, f danchu.PetitionFilter) ([]*danchu.Petition, int, error) {
	const op = "storage.ListPetitions"
	where, args := petitionWhere(f)
	// The total comes with the page, from the same snapshot.
	q := `SELECT ` + petitionColumns + `, COUNT(*) OVER () AS total FROM petitions` + where +
		` ORDER BY received_at DESC, id DESC`
	switch {
	case f.Limit > 0:
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, max(f.Offset, 0))
	case f.Offset > 0 && db.engine == EngineSQLite:
		q += ` LIMIT -1 OFFSET ?` // SQLite takes OFFSET only after a LIMIT
		args = append(args, f.Offset)
	case f.Offset > 0:
		q += ` OFFSET ?`
		args = append(args, f.Offset)
	}
	var rows []struct {
		petitionRow
		Total int `db:"total"`
	}
	if err := db.sel(ctx, &rows, q, args...); err != nil {
		return nil, 0, internal(op, err)
	}
	out := make([]*danchu.Petition, len(rows))
	for i := range rows {
		p, err := rows[i].petition()
		if err != nil {
			return nil, 0, internal(op, err)
		}
		out[i] = p
	}
	if len(rows) > 0 {
		return out, rows[0].Total, nil
	}
	if f.Offset <= 0 {
		return out, 0, nil
	}
	// A page past the end has no row to carry the total.
	where, args = petitionWhere(f)
	var total int
	if err := db.get(ctx, &total, `SELECT COUNT(*) FROM petitions`+where, args...); err != nil {
		return nil, 0, internal(op, err)
	}
	return out, total, nil
}

// CountPetitions counts the petitions f matches by kind and status, in the
// order of danchu.Kinds and danchu.Statuses; groups with no petition are
// left out. Paging is ignored.
func (db *DB) CountPetitions(ctx context.Context, f danchu.PetitionFilter) ([]danchu.PetitionCount, error) {
	const op = "storage.CountPetitions"
	where, args := petitionWhere(f)
	var rows []struct {
		Kind   string `db:"kind"`
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := db.sel(ctx, &rows, `SELECT kind, status, COUNT(*) AS n FROM petitions`+where+` GROUP BY kind, status`, args...); err != nil {
		return nil, internal(op, err)
	}
	out := make([]danchu.PetitionCount, len(rows))
	for i, r := range rows {
		out[i] = danchu.PetitionCount{Kind: danchu.Kind(r.Kind), Status: danchu.Status(r.Status), Count: r.N}
	}
	rank := func(list []string, v string) int {
		if i := slices.Index(list, v); i >= 0 {
			return i
		}
		return len(list)
	}
	kinds, statuses := strs(danchu.Kinds), strs(danchu.Statuses)
	slices.SortFunc(out, func(a, b danchu.PetitionCount) int {
		if d := rank(kinds, string(a.Kind)) - rank(kinds, string(b.Kind)); d != 0 {
			return d
		}
		if d := rank(statuses, string(a.Status)) - rank(statuses, string(b.Status)); d != 0 {
			return d
		}
		return strings.Compare(string(a.Kind)+"/"+string(a.Status), string(b.Kind)+"/"+string(b.Status))
	})
	return out, nil
}
