package scheduler

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/BurntSushi/toml"

	"danchu"
)

// mustLocale reads a locale file as text id -> text.
func mustLocale(tb testing.TB, path string) map[string]string {
	tb.Helper()
	var raw map[string]map[string]string
	if _, err := toml.DecodeFile(path, &raw); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	out := map[string]string{}
	for section, texts := range raw {
		for k, v := range texts {
			out[section+"."+k] = v
		}
	}
	return out
}

// textIDs finds every text constant of the package.
func textIDs(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		tb.Fatal(err)
	}
	var ids []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			tb.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if v, ok := n.(*ast.ValueSpec); ok {
				if id, ok := v.Type.(*ast.Ident); ok && id.Name == "text" {
					for _, lit := range v.Values {
						s, _ := strconv.Unquote(lit.(*ast.BasicLit).Value)
						ids = append(ids, s)
					}
				}
			}
			return true
		})
	}
	if len(ids) < 20 {
		tb.Fatalf("found only %d text ids", len(ids))
	}
	return ids
}

var sample = map[string]any{"Title": "Báo cáo 6 tháng 2026", "Due": "14/06/2026", "Left": "còn 3 ngày", "From": "01/01/2026",
	"To": "07/06/2026", "Received": 12, "Answered": 9, "Overdue": 1, "Days": 3, "Names": "Trần Thị Một", "Date": "15/06/2026",
	"Soon": 2, "Count": 4, "Number": "HT-2026-000001", "Kind": "kiến nghị", "Field": "Đất đai", "Name": "Trần Thị Một",
	"Rating": "4,5/5", "Average": "4,5", "Month": "05/2026"}

func TestLocales(t *testing.T) {
	vi := mustLocale(t, "locales/active.vi.toml")
	en := mustLocale(t, "locales/active.en.toml")
	ids := textIDs(t)
	x := texts{danchu.DefaultSettings()}
	for _, id := range ids {
		for lang, m := range map[string]map[string]string{langVI: vi, langEN: en} {
			if _, ok := m[id]; !ok {
				t.Errorf("active.%s.toml lacks %s", lang, id)
			}
			if got := x.t(lang, text(id), sample); strings.HasPrefix(got, "[[") || strings.TrimSpace(got) == "" {
				t.Errorf("%s %s renders as %q", lang, id, got)
			}
		}
		if !slices.ContainsFunc([]rune(vi[id]), func(r rune) bool { return r > unicode.MaxASCII && unicode.IsLetter(r) }) {
			t.Errorf("vi %s = %q has no Vietnamese letter", id, vi[id])
		}
		if vi[id] == en[id] {
			t.Errorf("%s is the same in both languages", id)
		}
	}
	for key := range vi {
		if !slices.Contains(ids, key) {
			t.Errorf("%s is used nowhere", key)
		}
	}
	if len(vi) != len(en) {
		t.Errorf("vi has %d texts, en %d", len(vi), len(en))
	}
	if got := x.t(langVI, "no.such", nil); got != "[[no.such]]" {
		t.Errorf("a missing text renders as %q, want its id", got)
	}
}
