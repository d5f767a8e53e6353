package flows

import (
	"strconv"
	"strings"

	"danchu"

	"golang.org/x/text/unicode/norm"
)

// neighbourhoodIndex reads a neighbourhood named by its index in the
// settings, as buttons carry it.
func (b Base) NeighbourhoodIndex(s string) (danchu.Neighbourhood, bool) {
	i, ok := IndexIn(s, len(b.Settings.Neighbourhoods))
	if !ok {
		return danchu.Neighbourhood{}, false
	}
	return b.Settings.Neighbourhoods[i], true
}

// neighbourhoodIndexOf is the index of a neighbourhood's name, -1 if unknown.
func (b Base) NeighbourhoodIndexOf(name string) int {
	for i, n := range b.Settings.Neighbourhoods {
		if n.Name == name {
			return i
		}
	}
	return -1
}

func (b Base) PlaceName(lang, nb string) string {
	if nb == "" {
		return b.Tr(lang, msgPlaceNone, nil)
	}
	return nb
}

func (b Base) NeighbourhoodButtons(prefix string) [][]Button {
	var rows [][]Button
	for i, n := range b.Settings.Neighbourhoods {
		b := Button{Text: n.Name, Data: prefix + strconv.Itoa(i)}
		if i%2 == 0 {
			rows = append(rows, []Button{b})
		} else {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		}
	}
	return rows
}

// neighbourhoodAt reads a button's index into the settings' list.
func (b Base) NeighbourhoodAt(s string) (string, bool) {
	if !buttonIndex.MatchString(s) {
		return "", false
	}
	i, err := strconv.Atoi(s)
	if err != nil || i >= len(b.Settings.Neighbourhoods) {
		return "", false
	}
	return b.Settings.Neighbourhoods[i].Name, true
}

// neighbourhoodByText accepts a typed neighbourhood name, ignoring case.
func (b Base) NeighbourhoodByText(s string) (string, bool) {
	s = strings.Join(strings.Fields(norm.NFC.String(s)), " ")
	for _, n := range b.Settings.Neighbourhoods {
		if s != "" && strings.EqualFold(s, n.Name) {
			return n.Name, true
		}
	}
	return "", false
}
