package notice_test

import (
	"testing"

	"danchu/flows/flowstest"
	"danchu/flows/notice"
)

func TestLocales(t *testing.T) { flowstest.MustHaveGoodLocales(t, new(notice.Area).Locales()) }
