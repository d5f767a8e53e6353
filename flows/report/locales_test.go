package report_test

import (
	"testing"

	"danchu/flows/flowstest"
	"danchu/flows/report"
)

func TestLocales(t *testing.T) { flowstest.MustHaveGoodLocales(t, new(report.Area).Locales()) }
