package storage_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

// world is a generated set of stored petitions, as the finders read them.
type world struct {
	petitions []*danchu.Petition
	authors   []int64
	officials []int64
}

// mustGenerate files n petitions with random kinds, fields, places, authors
// (or none), times across three years (some at the same instant), and moves
// each to a random status with a random handler and due date.
func mustGenerate(tb testing.TB, db *storage.DB, rng *rand.Rand, n int) *world {
	tb.Helper()
	ctx := tb.Context()
	w := &world{}
	for i := range 3 {
		w.authors = append(w.authors, mustCreateResident(tb, db, int64(100+i), settings.Neighbourhoods[i].Name).ID)
		w.officials = append(w.officials, mustCreateResident(tb, db, int64(200+i), "").ID)
	}
	start := local(2025, 12, 20, 0, 0)
	var last time.Time
	var ids []int64
	for i := range n {
		at := start.Add(time.Duration(rng.Int64N(int64(400 * 24 * time.Hour)))).Truncate(time.Microsecond)
		if i > 0 && rng.IntN(6) == 0 {
			at = last // ties: the ID decides
		}
		last = at
		p := newPetition(pick(rng, danchu.Kinds), pick(rng, append([]int64{0}, w.authors...)), at)
		p.Field = pick(rng, settings.Fields[:4])
		p.Neighbourhood = pick(rng, []string{"", settings.Neighbourhoods[0].Name, settings.Neighbourhoods[1].Name, settings.Neighbourhoods[2].Name})
		mustFile(tb, db, p, nil)
		ids = append(ids, p.ID)

		next := *p
		next.Version++
		next.Status = pick(rng, danchu.Statuses)
		if rng.IntN(3) > 0 {
			next.HandlerID = pick(rng, w.officials)
		}
		next.ResolveDue = next.AcceptDue.AddDate(0, 0, rng.IntN(60)-20)
		if err := db.Transition(ctx, &next, &danchu.Event{Action: danchu.ActionNote, FromStatus: p.Status, ToStatus: next.Status}); err != nil {
			tb.Fatal(err)
		}
	}
	// The reference set is what the store gives back, one by one.
	for _, id := range ids {
		p, err := db.FindPetitionByID(ctx, id)
		if err != nil {
			tb.Fatalf("FindPetitionByID(%d): %v", id, err)
		}
		w.petitions = append(w.petitions, p)
	}
	return w
}

func (w *world) byID(id int64) *danchu.Petition {
	for _, p := range w.petitions {
		if p.ID == id {
			return p
		}
	}
	return nil
}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// some picks a random subset of list, with an unknown value now and then.
func some[T any](rng *rand.Rand, list []T, unknown T) []T {
	var out []T
	for _, v := range list {
		if rng.IntN(3) == 0 {
			out = append(out, v)
		}
	}
	if rng.IntN(5) == 0 {
		out = append(out, unknown)
	}
	return out
}

// randomFilter makes a filter that uses each field half of the time, with
// times on the stored edges, near them and between them.
func (w *world) randomFilter(rng *rand.Rand) danchu.PetitionFilter {
	var f danchu.PetitionFilter
	if rng.IntN(3) == 0 {
		f.Statuses = some(rng, danchu.Statuses, "lost")
	}
	if rng.IntN(3) == 0 {
		f.Kinds = some(rng, danchu.Kinds, "gossip")
	}
	if rng.IntN(3) == 0 {
		f.Fields = some(rng, settings.Fields[:4], "Không có")
	}
	if rng.IntN(3) == 0 {
		f.Neighbourhoods = some(rng, []string{"", settings.Neighbourhoods[0].Name, settings.Neighbourhoods[1].Name, settings.Neighbourhoods[2].Name}, "Tiểu khu 99")
	}
	if rng.IntN(3) == 0 {
		f.ResidentID = pick(rng, append(w.authors, 999))
	}
	if rng.IntN(3) == 0 {
		f.Year = pick(rng, []int{2025, 2026, 2027, 2030})
	}
	// Times on the stored edges (a time received, a current due date),
	// within a microsecond of them (nanoseconds), and between them.
	instant := func() time.Time {
		p := pick(rng, w.petitions)
		edge := p.ReceivedAt
		if due := p.Due(); !due.IsZero() && rng.IntN(2) == 0 {
			edge = due
		}
		switch rng.IntN(4) {
		case 0:
			return edge
		case 1:
			return edge.Add(time.Duration(1 + rng.IntN(999)))
		case 2:
			return edge.Add(-time.Duration(1 + rng.IntN(999)))
		}
		return edge.Add(time.Duration(rng.Int64N(int64(48*time.Hour))) - 24*time.Hour)
	}
	if rng.IntN(2) == 0 {
		f.ReceivedAfter = instant()
	}
	if rng.IntN(2) == 0 {
		f.DueBefore = instant()
	}
	f.Handler = pick(rng, []danchu.HandlerFilter{danchu.HandlerAny, danchu.HandlerUnassigned, danchu.HandlerIs, danchu.HandlerIsOrNone})
	f.HandlerID = pick(rng, append([]int64{0, 999}, w.officials...))
	if rng.IntN(2) == 0 {
		f.Offset, f.Limit = rng.IntN(30), rng.IntN(25)
	}
	return f
}

// edgeFilters filter by time alone at and within a microsecond of the
// stored times of n petitions, where < and <=, or a time rounded the wrong
// way, would differ.
func (w *world) edgeFilters(rng *rand.Rand, n int) []danchu.PetitionFilter {
	var out []danchu.PetitionFilter
	for range n {
		p := pick(rng, w.petitions)
		for _, d := range []time.Duration{0, 1, 999, -1, -999} {
			out = append(out, danchu.PetitionFilter{ReceivedAfter: p.ReceivedAt.Add(d)})
			if due := p.Due(); !due.IsZero() {
				out = append(out, danchu.PetitionFilter{DueBefore: due.Add(d)})
			}
		}
	}
	return out
}

// want is the reference answer: Match, newest first, then the page.
func (w *world) want(f danchu.PetitionFilter) (page []int64, total int, counts []danchu.PetitionCount) {
	var all []*danchu.Petition
	for _, p := range w.petitions {
		if f.Match(p) {
			all = append(all, p)
		}
	}
	slices.SortFunc(all, func(a, b *danchu.Petition) int {
		return cmp.Or(b.ReceivedAt.Compare(a.ReceivedAt), cmp.Compare(b.ID, a.ID))
	})
	groups := map[[2]string]int{}
	for _, p := range all {
		groups[[2]string{string(p.Kind), string(p.Status)}]++
	}
	for _, k := range danchu.Kinds {
		for _, s := range danchu.Statuses {
			if n := groups[[2]string{string(k), string(s)}]; n > 0 {
				counts = append(counts, danchu.PetitionCount{Kind: k, Status: s, Count: n})
			}
		}
	}
	total = len(all)
	from := min(f.Offset, total)
	to := total
	if f.Limit > 0 {
		to = min(from+f.Limit, total)
	}
	page = []int64{}
	for _, p := range all[from:to] {
		page = append(page, p.ID)
	}
	return page, total, counts
}

// TestListPetitionsMeansMatch compares the SQL of ListPetitions and
// CountPetitions with PetitionFilter.Match, the reference meaning, over
// generated petitions and filters.
func TestListPetitionsMeansMatch(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		rng := rand.New(rand.NewPCG(3, 2026))
		w := mustGenerate(t, db, rng, 150)
		var filters []danchu.PetitionFilter
		for range 800 {
			filters = append(filters, w.randomFilter(rng))
		}
		filters = append(filters, w.edgeFilters(rng, 40)...)
		selective := 0
		for i, f := range filters {
			wantPage, wantTotal, wantCounts := w.want(f)
			list, total, err := db.ListPetitions(ctx, f)
			mustNil(t, err)
			page := []int64{}
			for _, p := range list {
				page = append(page, p.ID)
			}
			if !reflect.DeepEqual(page, wantPage) || total != wantTotal {
				t.Fatalf("filter %d %s:\nListPetitions = %v (total %d)\nMatch gives    %v (total %d)", i, describe(f), page, total, wantPage, wantTotal)
			}
			counts, err := db.CountPetitions(ctx, f)
			mustNil(t, err)
			if len(counts) == 0 {
				counts = nil
			}
			if !reflect.DeepEqual(counts, wantCounts) {
				t.Fatalf("filter %d %s:\nCountPetitions = %v\nMatch gives      %v", i, describe(f), counts, wantCounts)
			}
			if wantTotal > 0 && wantTotal < len(w.petitions) {
				selective++
			}
		}
		// The comparison means something only if filters select some but not all.
		if selective < len(filters)/3 {
			t.Fatalf("only %d of %d filters select some but not all petitions", selective, len(filters))
		}
		// The page holds whole petitions, as the finders read them.
		list, total, err := db.ListPetitions(ctx, danchu.PetitionFilter{Limit: 1})
		mustNil(t, err)
		first, _, _ := w.want(danchu.PetitionFilter{Limit: 1})
		if total != len(w.petitions) || len(list) != 1 || !reflect.DeepEqual(list[0], w.byID(first[0])) {
			t.Fatalf("ListPetitions(Limit 1) = %+v (total %d)", list, total)
		}
	})
}

func describe(f danchu.PetitionFilter) string {
	return fmt.Sprintf("{Statuses:%v Kinds:%v Fields:%q Neighbourhoods:%q ResidentID:%d Year:%d ReceivedAfter:%s DueBefore:%s Handler:%q HandlerID:%d Offset:%d Limit:%d}",
		f.Statuses, f.Kinds, f.Fields, f.Neighbourhoods, f.ResidentID, f.Year,
		f.ReceivedAfter.Format(time.RFC3339Nano), f.DueBefore.Format(time.RFC3339Nano), f.Handler, f.HandlerID, f.Offset, f.Limit)
}
