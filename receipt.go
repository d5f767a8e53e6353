package danchu

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FormatNumber writes a petition number: the unit code, the year and the
// sequence within the year on six digits, "HT-2026-000123".
func FormatNumber(code string, year, seq int) string {
	return fmt.Sprintf("%s-%04d-%06d", code, year, seq)
}

// ParseNumber reads a number as a resident may type it: case and spaces
// around do not matter, and the sequence may lack its leading zeros
// ("ht-2026-123"). EINVALID when it is not a number.
func ParseNumber(s string) (code string, year, seq int, err error) {
	parts := strings.Split(strings.ToUpper(strings.TrimSpace(s)), "-")
	if len(parts) != 3 || !unitCode.MatchString(parts[0]) || len(parts[1]) != 4 ||
		!allDigits(parts[1]) || parts[2] == "" || len(parts[2]) > 9 || !allDigits(parts[2]) {
		return "", 0, 0, Errorf(EINVALID, "%q is not a petition number like HT-2026-000123", s)
	}
	year, _ = strconv.Atoi(parts[1])
	seq, _ = strconv.Atoi(parts[2])
	if seq == 0 {
		return "", 0, 0, Errorf(EINVALID, "%q is not a petition number like HT-2026-000123", s)
	}
	return parts[0], year, seq, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// GenesisHash is the previous hash of the first receipt.
var GenesisHash = strings.Repeat("0", 64)

// Receipt is the phiếu tiếp nhận the resident gets when a petition is filed.
// Each receipt's Hash covers its number, time, kind, author, the digest of
// the content and the previous receipt's hash, so that the chain proves when
// each petition was filed and that no receipt was changed, removed or slipped
// in afterwards.
type Receipt struct {
	Number        string    `json:"number"`
	ReceivedAt    time.Time `json:"received_at"`
	Kind          Kind      `json:"kind"`
	ResidentID    int64     `json:"resident_id"` // as hashed; kept after the author's data is deleted
	AcceptDue     time.Time `json:"accept_due"`
	ResolveDue    time.Time `json:"resolve_due"`
	ContentDigest string    `json:"content_digest"` // ContentDigest of the petition
	PrevHash      string    `json:"prev_hash"`
	Hash          string    `json:"hash"`
}

// NewReceipt makes the receipt of a petition just numbered, chained to prev
// (GenesisHash for the first).
func NewReceipt(p *Petition, prev string) Receipt {
	r := Receipt{
		Number:        p.Number,
		ReceivedAt:    p.ReceivedAt,
		Kind:          p.Kind,
		ResidentID:    p.ResidentID,
		AcceptDue:     p.AcceptDue,
		ResolveDue:    p.ResolveDue,
		ContentDigest: ContentDigest(p),
		PrevHash:      prev,
	}
	r.Hash = ReceiptHash(prev, r, r.ContentDigest)
	return r
}

// ReceiptHash is the SHA-256, in hex, of a canonical encoding of the receipt:
// a version tag, then the number, the received time (RFC 3339, UTC, whole
// seconds), the kind, the author's resident id, the content digest and the
// previous hash, each as its length, a colon and the value, so that no two
// different receipts encode the same.
func ReceiptHash(prev string, r Receipt, contentDigest string) string {
	var b strings.Builder
	b.WriteString("danchu-receipt-v1\n")
	for _, f := range []string{
		r.Number,
		r.ReceivedAt.UTC().Format(time.RFC3339),
		string(r.Kind),
		strconv.FormatInt(r.ResidentID, 10),
		contentDigest,
		prev,
	} {
		fmt.Fprintf(&b, "%d:%s\n", len(f), f)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// ContentDigest is the SHA-256, in hex, of what the author sent: kind,
// field, neighbourhood, anonymity, the complaint's subject, learning date and
// request, the content and the attachments. The identity is not part of it.
func ContentDigest(p *Petition) string {
	var b strings.Builder
	field := func(s string) { fmt.Fprintf(&b, "%d:%s\n", len(s), s) }
	b.WriteString("danchu-content-v1\n")
	field(string(p.Kind))
	field(p.Field)
	field(p.Neighbourhood)
	field(strconv.FormatBool(p.Anonymous))
	field(p.Subject)
	if p.LearnedAt != nil {
		field(p.LearnedAt.UTC().Format(time.RFC3339))
	} else {
		field("")
	}
	field(p.Request)
	field(p.Content)
	for _, a := range p.Attachments {
		field(string(a.Kind))
		field(a.FileID)
		field(a.FileName)
		field(strconv.FormatFloat(a.Lat, 'f', -1, 64) + "," + strconv.FormatFloat(a.Lon, 'f', -1, 64))
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// ChainError is one broken link of the receipt chain.
type ChainError struct {
	Index  int    // position in the list given to VerifyChain
	Number string // the receipt's number
	Reason string
}

func (e ChainError) Error() string {
	return fmt.Sprintf("receipt %s (#%d): %s", e.Number, e.Index+1, e.Reason)
}

// VerifyChain checks the whole chain, in the order it was built: each
// receipt's hash matches its content, each one points to the hash of the one
// before (the first to GenesisHash), and within a year the sequence numbers
// run 1, 2, 3 without gaps or repeats. It returns every broken link, in
// order; none when the chain is whole. A changed receipt shows as a hash that
// does not match; a removed or inserted one as a link to the wrong previous
// hash and a gap in the numbers.
func VerifyChain(receipts ...Receipt) []ChainError {
	var errs []ChainError
	prev := GenesisHash
	lastSeq := map[int]int{}
	for i, r := range receipts {
		bad := func(format string, args ...any) {
			errs = append(errs, ChainError{Index: i, Number: r.Number, Reason: fmt.Sprintf(format, args...)})
		}
		if r.PrevHash != prev {
			bad("does not follow the receipt before it (previous hash %.12s…, expected %.12s…)", r.PrevHash, prev)
		}
		if ReceiptHash(r.PrevHash, r, r.ContentDigest) != r.Hash {
			bad("its hash does not match its content")
		}
		if _, year, seq, err := ParseNumber(r.Number); err != nil {
			bad("the number cannot be read")
		} else if want := lastSeq[year] + 1; seq != want {
			bad("expected number %d of %d, found %d", want, year, seq)
			lastSeq[year] = max(lastSeq[year], seq)
		} else {
			lastSeq[year] = seq
		}
		prev = r.Hash
	}
	return errs
}
