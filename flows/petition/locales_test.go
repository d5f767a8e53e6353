package petition_test

import (
	"testing"

	"danchu/flows/flowstest"
	"danchu/flows/petition"
)

func TestLocales(t *testing.T) { flowstest.MustHaveGoodLocales(t, new(petition.Area).Locales()) }
