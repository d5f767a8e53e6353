package flows

import (
	"embed"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Languages a resident may choose, the default first.
const (
	LangVI = "vi"
	LangEN = "en"
)

//go:embed locales/active.vi.toml locales/active.en.toml
var localeFS embed.FS

// localeFiles are loaded in this order; the first is the default language.
var localeFiles = []string{"locales/active.vi.toml", "locales/active.en.toml"}

// catalog holds the localized texts. It is built once from the embedded files
// and only read afterwards.
type catalog struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
}

var texts = mustLoadCatalog()

func mustLoadCatalog() *catalog {
	c, err := loadCatalog()
	if err != nil {
		panic(err) // the embedded files are checked by TestLocales
	}
	return c
}

func loadCatalog() (*catalog, error) {
	b := i18n.NewBundle(language.Vietnamese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, f := range localeFiles {
		if _, err := b.LoadMessageFileFS(localeFS, f); err != nil {
			return nil, fmt.Errorf("flows: locale %s: %w", f, err)
		}
	}
	return &catalog{
		bundle: b,
		localizers: map[string]*i18n.Localizer{
			LangVI: i18n.NewLocalizer(b, LangVI),
			LangEN: i18n.NewLocalizer(b, LangEN),
		},
	}, nil
}

// normLang returns a supported language, "vi" for anything else.
func normLang(lang string) string {
	if lang == LangEN {
		return LangEN
	}
	return LangVI
}

// localize returns the text of message id in lang with data filled in. A missing
// message shows its id in brackets, so a gap is visible in tests and golden
// files instead of becoming silence.
func localize(lang string, id msg, data map[string]any) string {
	l := texts.localizers[normLang(lang)]
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: string(id), TemplateData: data})
	if err != nil || strings.Contains(s, "<no value>") {
		return "[[" + string(id) + "]]"
	}
	return s
}
