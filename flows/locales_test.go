package flows_test

import (
	"testing"

	"danchu"
	"danchu/flows"
	"danchu/flows/flowstest"
)

func TestLocales(t *testing.T) { flowstest.MustHaveGoodLocales(t, flows.Locales()) }

func TestUnknownMessageShowsItsID(t *testing.T) {
	base := (&flows.Engine{Settings: danchu.DefaultSettings()}).Base()
	if got := base.Tr(flows.LangVI, "no.such_id", nil); got != "[[no.such_id]]" {
		t.Errorf("the text of an unknown id = %q, want it visible", got)
	}
}
