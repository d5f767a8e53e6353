package scheduler

import (
	"embed"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"danchu"
)

// Languages of the texts, the default first (as in package flows).
const (
	langVI = "vi"
	langEN = "en"
)

// text is the id of a text in locales/active.*.toml; a test checks both
// files hold each one.
type text string

const (
	txtReportReminder    text = "report.reminder"
	txtReportLeftDays    text = "report.left_days"
	txtReportLeftToday   text = "report.left_today"
	txtReportLeftOverdue text = "report.left_overdue"
	txtReportButtonDone  text = "report.button_done"
	txtReportUnconfirmed text = "report.unconfirmed"
	txtReportEveryone    text = "report.everyone"

	txtDueHandler        text = "due.handler"
	txtDueChairman       text = "due.chairman"
	txtDueSectionOverdue text = "due.section_overdue"
	txtDueSectionSoon    text = "due.section_soon"
	txtDueLineAccept     text = "due.line_accept"
	txtDueLineResolve    text = "due.line_resolve"
	txtDueLate           text = "due.late"
	txtDueNotAccepted    text = "due.not_accepted"
	txtDueHandlerName    text = "due.handler_name"
	txtDueUnassigned     text = "due.unassigned"
	txtDueMore           text = "due.more"
	txtDueFooter         text = "due.footer"

	txtDigestWeekly   text = "digest.weekly"
	txtDigestMonthly  text = "digest.monthly"
	txtDigestRating   text = "digest.rating"
	txtDigestNoRating text = "digest.no_rating"
)

//go:embed locales/active.vi.toml locales/active.en.toml
var localeFS embed.FS

var localeFiles = []string{"locales/active.vi.toml", "locales/active.en.toml"}

// localizers are built once from the embedded files and only read after.
var localizers = mustLocalizers()

func mustLocalizers() map[string]*i18n.Localizer {
	b := i18n.NewBundle(language.Vietnamese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, f := range localeFiles {
		if _, err := b.LoadMessageFileFS(localeFS, f); err != nil {
			panic(fmt.Sprintf("scheduler: locale %s: %v", f, err)) // checked by TestLocales
		}
	}
	return map[string]*i18n.Localizer{langVI: i18n.NewLocalizer(b, langVI), langEN: i18n.NewLocalizer(b, langEN)}
}

// normLang returns a language of the texts, vi for anything else.
func normLang(lang string) string {
	if lang == langEN {
		return langEN
	}
	return langVI
}

// texts writes the texts of one unit.
type texts struct{ settings *danchu.Settings }

// t returns the text id in lang with data and the unit's name filled in. A
// missing text shows its id in brackets, so a gap is seen, not silent.
func (x texts) t(lang string, id text, data map[string]any) string {
	all := map[string]any{"Unit": x.settings.Unit.Name}
	for k, v := range data {
		all[k] = v
	}
	s, err := localizers[normLang(lang)].Localize(&i18n.LocalizeConfig{MessageID: string(id), TemplateData: all})
	if err != nil || strings.Contains(s, "<no value>") {
		return "[[" + string(id) + "]]"
	}
	return s
}

// kind is the name of a petition kind in lang.
func kindName(lang string, k danchu.Kind) string {
	if normLang(lang) == langEN {
		return k.LabelEN()
	}
	return k.Label()
}

// decimal writes a number with one decimal, with the decimal comma in
// Vietnamese.
func decimal(lang string, v float64) string {
	s := fmt.Sprintf("%.1f", v)
	if normLang(lang) == langVI {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
