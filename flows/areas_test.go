package flows_test

import (
	"os/exec"
	"strings"
	"testing"
)

// areas are the packages of the conversation's parts. None may import
// another: what they share is in package flows.
var areas = []string{"account", "petition", "notice", "danban", "report"}

func TestAreasDoNotImportEachOther(t *testing.T) {
	for _, area := range areas {
		out, err := exec.Command("go", "list", "-deps", "danchu/flows/"+area).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", area, err)
		}
		deps := strings.Fields(string(out))
		for _, other := range areas {
			if other != area && contains(deps, "danchu/flows/"+other) {
				t.Errorf("danchu/flows/%s depends on danchu/flows/%s", area, other)
			}
		}
		for _, dep := range deps {
			if dep == "danchu/bot" || dep == "danchu/storage" || dep == "danchu/flows/flowstest" {
				t.Errorf("danchu/flows/%s depends on %s", area, dep)
			}
		}
	}
}

func TestCoreKnowsNoArea(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "danchu/flows").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "danchu/flows/") || dep == "danchu/bot" || dep == "danchu/storage" {
			t.Errorf("danchu/flows depends on %s", dep)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
