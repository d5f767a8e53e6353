package flows

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Languages a resident may choose, the default first.
const (
	LangVI = "vi"
	LangEN = "en"
)

// Msg is the id of a text in a locale file. Every text a person reads goes
// through one; the locale tests check both languages hold each of them.
type Msg string

// LocaleFiles are the files of an area's Locales, the default language first.
var LocaleFiles = []string{"vi.toml", "en.toml"}

//go:embed locales/vi.toml locales/en.toml
var coreLocales embed.FS

// Locales are the engine's own texts: what every area shares.
func Locales() fs.FS {
	sub, err := fs.Sub(coreLocales, "locales")
	if err != nil {
		panic(err) // a constant path into the embedded files
	}
	return sub
}

// catalog holds the texts of the engine and its areas. Areas add theirs
// before the engine handles updates; afterwards it is only read.
type catalog struct {
	mu         sync.RWMutex
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
}

func newCatalog() *catalog {
	b := i18n.NewBundle(language.Vietnamese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	return &catalog{bundle: b, localizers: map[string]*i18n.Localizer{
		LangVI: i18n.NewLocalizer(b, LangVI),
		LangEN: i18n.NewLocalizer(b, LangEN),
	}}
}

// load adds the locale files of fsys.
func (c *catalog) load(fsys fs.FS) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, name := range LocaleFiles {
		raw, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("flows: locale %s: %w", name, err)
		}
		if _, err := c.bundle.ParseMessageFileBytes(raw, name); err != nil {
			return fmt.Errorf("flows: locale %s: %w", name, err)
		}
	}
	return nil
}

// NormLang returns a supported language, "vi" for anything else.
func NormLang(lang string) string {
	if lang == LangEN {
		return LangEN
	}
	return LangVI
}

// text returns the text of message id in lang with data filled in. A missing
// message shows its id in brackets, so a gap is visible in tests and golden
// files instead of becoming silence.
func (c *catalog) text(lang string, id Msg, data map[string]any) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, err := c.localizers[NormLang(lang)].Localize(&i18n.LocalizeConfig{MessageID: string(id), TemplateData: data})
	if err != nil || strings.Contains(s, "<no value>") {
		return "[[" + string(id) + "]]"
	}
	return s
}
