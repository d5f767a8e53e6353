package account_test

import (
	"testing"

	"danchu/flows/account"
	"danchu/flows/flowstest"
)

func TestLocales(t *testing.T) { flowstest.MustHaveGoodLocales(t, new(account.Area).Locales()) }
