package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"

	"danchu"
)

// Record is a part of what an area holds about a person, for /du_lieu
// (LAW.md, "Personal data": a resident can see all data held about them):
// a field of the exported file, and the lines that sum it up.
type Record struct {
	Key   string // the field of the exported file
	Value any
	// Order places the field in the file and its lines in the summary,
	// lowest first.
	Order int
	// Lines sum the part up; Counts are the numbers the summary's line of
	// activity shows, by name.
	Lines  []string
	Counts map[string]int
}

// RecordKeeper is an area that holds records about residents.
type RecordKeeper interface {
	Records(ctx context.Context, t *Turn, r *danchu.Resident) ([]Record, error)
}

// Records gathers what every area holds about r, in order.
func (t *Turn) Records(ctx context.Context, r *danchu.Resident) ([]Record, error) {
	t.engine.mu.RLock()
	keepers := slices.Clone(t.engine.keepers)
	t.engine.mu.RUnlock()
	var out []Record
	for _, k := range keepers {
		recs, err := k.Records(ctx, t, r)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	slices.SortStableFunc(out, func(a, b Record) int { return a.Order - b.Order })
	return out, nil
}

// Fields is a JSON object whose fields keep their order.
type Fields []Field

// Field is one field of Fields.
type Field struct {
	Key   string
	Value any
}

// MarshalJSON writes the fields in order.
func (fs Fields) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.Key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(f.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// NonNil is s, or an empty list, so a file shows [] rather than null.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
