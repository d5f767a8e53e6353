package danchu_test

import (
	"strings"
	"testing"
	"time"

	"danchu"
)

func TestPetitionNumbers(t *testing.T) {
	if got := danchu.FormatNumber("HT", 2026, 123); got != "HT-2026-000123" {
		t.Errorf("FormatNumber = %q", got)
	}
	if got := danchu.FormatNumber("HT", 2026, 1234567); got != "HT-2026-1234567" {
		t.Errorf("past a million the number grows: %q", got)
	}
	good := []struct {
		in   string
		code string
		year int
		seq  int
	}{
		{"HT-2026-000123", "HT", 2026, 123},
		{"  ht-2026-123 ", "HT", 2026, 123},
		{"X1-2027-1", "X1", 2027, 1},
		{"HT-2026-1234567", "HT", 2026, 1234567},
	}
	for _, tt := range good {
		code, year, seq, err := danchu.ParseNumber(tt.in)
		if err != nil || code != tt.code || year != tt.year || seq != tt.seq {
			t.Errorf("ParseNumber(%q) = %q %d %d %v", tt.in, code, year, seq, err)
		}
	}
	for _, in := range []string{"", "HT", "HT-2026", "HT-26-000123", "HT-2026-", "HT-2026-0", "HT-2026-12a",
		"HT-2026-000123-1", "hà trung-2026-1", "HT_2026_000123", "HT-2026--1", "HT-2026-+12"} {
		if _, _, _, err := danchu.ParseNumber(in); danchu.ErrorCode(err) != danchu.EINVALID {
			t.Errorf("ParseNumber(%q): err %v, want EINVALID", in, err)
		}
	}
}

// MustChain files n petitions per year of years, in order, and returns
// their receipts chained as a store would.
func MustChain(tb testing.TB, years map[int]int, order ...int) []danchu.Receipt {
	tb.Helper()
	var out []danchu.Receipt
	prev := danchu.GenesisHash
	for _, y := range order {
		for seq := 1; seq <= years[y]; seq++ {
			p := &danchu.Petition{
				Number:     danchu.FormatNumber("HT", y, seq),
				Kind:       danchu.Kinds[seq%len(danchu.Kinds)],
				ResidentID: int64(100 + seq),
				ReceivedAt: time.Date(y, 3, seq, 9, 30, 0, 0, hanoi),
				Field:      "Môi trường",
				Content:    "Nội dung đơn số " + danchu.FormatNumber("HT", y, seq),
			}
			r := danchu.NewReceipt(p, prev)
			out = append(out, r)
			prev = r.Hash
		}
	}
	return out
}

func TestReceiptChain(t *testing.T) {
	whole := func() []danchu.Receipt { return MustChain(t, map[int]int{2026: 3, 2027: 2}, 2026, 2027) }
	if errs := danchu.VerifyChain(whole()...); len(errs) != 0 {
		t.Fatalf("a whole chain is reported broken: %v", errs)
	}
	if errs := danchu.VerifyChain(); len(errs) != 0 {
		t.Fatalf("an empty chain is whole: %v", errs)
	}
	r := whole()
	if r[0].PrevHash != strings.Repeat("0", 64) || len(r[0].Hash) != 64 || r[1].PrevHash != r[0].Hash {
		t.Fatalf("the chain starts at the genesis hash and links each receipt: %+v", r[:2])
	}

	type broken struct {
		number string
		reason string
	}
	tests := []struct {
		name   string
		tamper func([]danchu.Receipt) []danchu.Receipt
		want   []broken
	}{
		{"the content of a petition changed", func(r []danchu.Receipt) []danchu.Receipt {
			r[1].ContentDigest = strings.Repeat("a", 64)
			return r
		}, []broken{{"HT-2026-000002", "hash does not match"}}},
		{"the filing time moved a day earlier", func(r []danchu.Receipt) []danchu.Receipt {
			r[2].ReceivedAt = r[2].ReceivedAt.AddDate(0, 0, -1)
			return r
		}, []broken{{"HT-2026-000003", "hash does not match"}}},
		{"the author changed", func(r []danchu.Receipt) []danchu.Receipt {
			r[3].ResidentID = 999
			return r
		}, []broken{{"HT-2027-000001", "hash does not match"}}},
		{"the kind changed", func(r []danchu.Receipt) []danchu.Receipt {
			r[0].Kind = danchu.KindComplaint // it was a report
			return r
		}, []broken{{"HT-2026-000001", "hash does not match"}}},
		{"a hash rewritten to fit", func(r []danchu.Receipt) []danchu.Receipt {
			r[1].ContentDigest = strings.Repeat("b", 64)
			r[1].Hash = danchu.ReceiptHash(r[1].PrevHash, r[1], r[1].ContentDigest)
			return r
		}, []broken{{"HT-2026-000003", "does not follow"}}},
		{"a receipt removed", func(r []danchu.Receipt) []danchu.Receipt {
			return append(r[:1:1], r[2:]...)
		}, []broken{{"HT-2026-000003", "does not follow"}, {"HT-2026-000003", "expected number 2 of 2026, found 3"}}},
		{"two receipts swapped", func(r []danchu.Receipt) []danchu.Receipt {
			r[1], r[2] = r[2], r[1]
			return r
		}, []broken{
			{"HT-2026-000003", "does not follow"}, {"HT-2026-000003", "expected number 2 of 2026, found 3"},
			{"HT-2026-000002", "does not follow"}, {"HT-2026-000002", "expected number 4 of 2026, found 2"},
			{"HT-2027-000001", "does not follow"}}},
		{"a number reused", func(r []danchu.Receipt) []danchu.Receipt {
			r[4].Number = "HT-2027-000001"
			return r
		}, []broken{{"HT-2027-000001", "hash does not match"}, {"HT-2027-000001", "expected number 2 of 2027, found 1"}}},
		{"the first receipt does not start at genesis", func(r []danchu.Receipt) []danchu.Receipt {
			return r[1:]
		}, []broken{{"HT-2026-000002", "does not follow"}, {"HT-2026-000002", "expected number 1 of 2026, found 2"}}},
	}
	for _, tt := range tests {
		errs := danchu.VerifyChain(tt.tamper(whole())...)
		if len(errs) != len(tt.want) {
			t.Errorf("%s: %d errors %v, want %d", tt.name, len(errs), errs, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if errs[i].Number != w.number || !strings.Contains(errs[i].Reason, w.reason) || !strings.Contains(errs[i].Error(), w.number) {
				t.Errorf("%s: error %d is %q, want %s: %q", tt.name, i, errs[i].Error(), w.number, w.reason)
			}
		}
	}
}

// The hash is fixed by the canonical encoding: the same receipt, however its
// time is written, gives the same hash, and any field changes it.
func TestReceiptHashIsCanonical(t *testing.T) {
	base := danchu.Receipt{Number: "HT-2026-000123", ReceivedAt: time.Date(2026, 3, 2, 9, 30, 15, 0, time.UTC),
		Kind: danchu.KindComplaint, ResidentID: 12}
	digest := strings.Repeat("c", 64)
	h := danchu.ReceiptHash(danchu.GenesisHash, base, digest)
	same := base
	same.ReceivedAt = base.ReceivedAt.In(hanoi).Add(400 * time.Millisecond) // stores keep whole seconds
	same.AcceptDue = end(2026, 3, 12)                                       // the dates are shown, not hashed
	if danchu.ReceiptHash(danchu.GenesisHash, same, digest) != h {
		t.Error("the same receipt hashed differently")
	}
	variants := []struct {
		name   string
		r      danchu.Receipt
		digest string
		prev   string
	}{
		{"number", danchu.Receipt{Number: "HT-2026-000124", ReceivedAt: base.ReceivedAt, Kind: base.Kind, ResidentID: 12}, digest, danchu.GenesisHash},
		{"time", danchu.Receipt{Number: base.Number, ReceivedAt: base.ReceivedAt.Add(time.Second), Kind: base.Kind, ResidentID: 12}, digest, danchu.GenesisHash},
		{"resident", danchu.Receipt{Number: base.Number, ReceivedAt: base.ReceivedAt, Kind: base.Kind, ResidentID: 13}, digest, danchu.GenesisHash},
		{"digest", base, strings.Repeat("d", 64), danchu.GenesisHash},
		{"previous", base, digest, strings.Repeat("1", 64)},
	}
	for _, v := range variants {
		if danchu.ReceiptHash(v.prev, v.r, v.digest) == h {
			t.Errorf("changing the %s left the hash the same", v.name)
		}
	}
}

func TestContentDigest(t *testing.T) {
	learned := day(2026, 2, 1)
	base := danchu.Petition{Kind: danchu.KindComplaint, Field: "Đất đai", Neighbourhood: "Tiểu khu 1",
		Subject: "Quyết định số 12", LearnedAt: &learned, Request: "Hủy quyết định", Content: "Nội dung",
		Attachments: []danchu.Attachment{{Kind: danchu.AttachmentPhoto, FileID: "f1"}}}
	d := danchu.ContentDigest(&base)
	unchanged := base
	unchanged.Status, unchanged.HandlerID, unchanged.ID = danchu.StatusClosed, 9, 5 // handling is not content
	if danchu.ContentDigest(&unchanged) != d {
		t.Error("handling changed the content digest")
	}
	later := day(2026, 2, 2)
	changes := map[string]func(*danchu.Petition){
		"content":        func(p *danchu.Petition) { p.Content += "." },
		"subject":        func(p *danchu.Petition) { p.Subject = "Quyết định số 13" },
		"learning date":  func(p *danchu.Petition) { p.LearnedAt = &later },
		"request":        func(p *danchu.Petition) { p.Request = "" },
		"attachment":     func(p *danchu.Petition) { p.Attachments = nil },
		"field":          func(p *danchu.Petition) { p.Field = "Khác" },
		"anonymity":      func(p *danchu.Petition) { p.Anonymous = true },
		"split of texts": func(p *danchu.Petition) { p.Subject, p.Request = "Quyết định số 12Hủy", " quyết định" },
	}
	for name, change := range changes {
		p := base
		change(&p)
		if danchu.ContentDigest(&p) == d {
			t.Errorf("changing the %s left the digest the same", name)
		}
	}
}
