package danchu

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// Household is a hộ gia đình: the unit that decides (LAW.md, "What residents
// decide, and how"). Residents say which household they live in; the tiểu
// khu head confirms one of them as its representative, who casts the
// household's one ballot. Officials may also add a household nobody declared
// yet, to record its paper or meeting ballot.
type Household struct {
	ID            int64  `json:"id"`
	Neighbourhood string `json:"neighbourhood"`
	// Address is how the household was first written ("Số 12, ngõ 5");
	// AddressKey of it is unique within the neighbourhood.
	Address string `json:"address"`
	// RepresentativeID is 0 until the head confirms one.
	RepresentativeID int64      `json:"representative_id,omitempty"`
	ConfirmedBy      int64      `json:"confirmed_by,omitempty"`
	ConfirmedAt      *time.Time `json:"confirmed_at,omitempty"`
	CreatedAt        time.Time  `json:"created_at"`
	// Members is the number of residents who declared it (lists fill it).
	Members int `json:"members"`
}

// HouseholdMember is a resident who declared the household theirs.
type HouseholdMember struct {
	HouseholdID int64     `json:"household_id"`
	ResidentID  int64     `json:"resident_id"`
	Name        string    `json:"name"` // the resident's full name, for the head's list
	DeclaredAt  time.Time `json:"declared_at"`
}

// MaxAddress is the longest household address, in characters.
const MaxAddress = 200

// AddressKey is the address as households are matched: lower case, letters
// and digits only, single spaces. "Số 12, ngõ 5" and "số 12 - Ngõ 5" are
// one household.
func AddressKey(address string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(address) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// MayConfirmRepresentative reports whether a may confirm or change the
// representative of a household of neighbourhood: its tiểu khu head, and the
// chairman (who stands in for any head).
func MayConfirmRepresentative(a Actor, neighbourhood string) bool {
	return a.ResidentID != 0 && (a.heads(neighbourhood) || a.Has(RoleChairman))
}

// HouseholdService stores households, their members and representatives.
type HouseholdService interface {
	// DeclareHousehold records that the resident lives in the household at
	// address in neighbourhood, creating the household when none of the
	// neighbourhood has that AddressKey. A resident belongs to one
	// household: declaring another moves them, and a household they
	// represented loses its representative. Declaring the same one again
	// changes nothing. EINVALID for an empty or too long address; ENOTFOUND
	// for an unknown resident.
	DeclareHousehold(ctx context.Context, residentID int64, neighbourhood, address string, at time.Time) (*Household, error)
	// EnsureHousehold returns the household at address in neighbourhood,
	// creating it without members when absent. EINVALID as above.
	EnsureHousehold(ctx context.Context, neighbourhood, address string, at time.Time) (*Household, error)
	// FindHousehold returns ENOTFOUND when there is no such household.
	FindHousehold(ctx context.Context, id int64) (*Household, error)
	// HouseholdOf returns the resident's household; ENOTFOUND when they
	// declared none.
	HouseholdOf(ctx context.Context, residentID int64) (*Household, error)
	// ListHouseholds lists the households of a neighbourhood with their
	// number of members, by address.
	ListHouseholds(ctx context.Context, neighbourhood string) ([]*Household, error)
	// HouseholdMembers lists the members of a household, oldest first.
	HouseholdMembers(ctx context.Context, householdID int64) ([]HouseholdMember, error)
	// NeighbourhoodMembers lists the members of every household of a
	// neighbourhood, by household, each household's oldest first.
	NeighbourhoodMembers(ctx context.Context, neighbourhood string) ([]HouseholdMember, error)
	// SetRepresentative confirms residentID as the household's
	// representative (replacing any other), recording who confirmed it and
	// when. ENOTFOUND for an unknown household; EINVALID when the resident
	// is not a member of it.
	SetRepresentative(ctx context.Context, householdID, residentID, by int64, at time.Time) error
}
