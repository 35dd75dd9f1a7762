package data

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDataNeverImportsFyne keeps the headless layer free of the UI toolkit (and of the app and
// ui layers above it), so the CLI and the simulator build without GUI libraries.
func TestDataNeverImportsFyne(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-test", "github.com/recistview/recistview/data/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "fyne.io/") ||
			strings.HasPrefix(pkg, "github.com/recistview/recistview/app") ||
			strings.HasPrefix(pkg, "github.com/recistview/recistview/ui") {
			t.Errorf("data/... depends on %s", pkg)
		}
	}
}

// TestCLIHasNoFyne keeps the headless CLI and the simulator free of the UI toolkit.
func TestCLIHasNoFyne(t *testing.T) {
	for _, cmd := range []string{"cmd/recist", "cmd/blazesim"} {
		out, err := exec.Command("go", "list", "-deps", "github.com/recistview/recistview/"+cmd).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", cmd, err, out)
		}
		if strings.Contains(string(out), "fyne.io/") {
			t.Errorf("%s depends on Fyne", cmd)
		}
	}
}
