package flows

import "strconv"

// pager is the row of "previous" and "next" buttons of a list of total
// petitions, nil for one page.
func Pager(t *Turn, prefix string, page, total int) []Button {
	return PageNav(t, prefix, page, (page+1)*PageSize < total)
}

// pageNav is the row of "previous" and "next" buttons of any paged list:
// prefix plus the page number is the buttons' data; more says a next page
// exists. It is nil when there is only one page.
func PageNav(t *Turn, prefix string, page int, more bool) []Button {
	var row []Button
	if page > 0 {
		row = append(row, Button{Text: t.T(MsgPagePrev, nil), Data: prefix + strconv.Itoa(page-1)})
	}
	if more {
		row = append(row, Button{Text: t.T(MsgPageNext, nil), Data: prefix + strconv.Itoa(page+1)})
	}
	return row
}

const (
	PageSize        = 5
	MsgPagePrev Msg = "card.page_prev"
	MsgPageNext Msg = "card.page_next"
)
