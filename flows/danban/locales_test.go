package danban_test

import (
	"testing"

	"danchu/flows/danban"
	"danchu/flows/flowstest"
)

func TestLocales(t *testing.T) { flowstest.MustHaveGoodLocales(t, new(danban.Area).Locales()) }
