# RECIST View — developer tasks. Every Go command builds with the Fyne 2.6+ threading tag.
GO      ?= go
TAGS    := migrated_fynedo
BIN     := bin
FYNE    ?= $(shell $(GO) env GOPATH)/bin/fyne

.PHONY: run test vet bench package clean

# Start the desktop app on the built-in demo server.
run:
	$(GO) run -tags $(TAGS) ./cmd/recistview -demo

# The full test suite (what CI runs).
test:
	$(GO) test -race -tags $(TAGS) ./...

vet:
	$(GO) vet -tags $(TAGS) ./...

# Go benchmarks of parsing, the RECIST engine and chart rendering (not timed tests).
bench:
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./data/... ./ui/chart/

# A Linux installer archive (RECIST View.tar.xz) built with the fyne CLI from the repository
# root, from a binary built first.
package:
	mkdir -p $(BIN)
	$(GO) build -tags $(TAGS) -trimpath -ldflags "-s -w" -o $(BIN)/recistview ./cmd/recistview
	test -x $(FYNE) || $(GO) install fyne.io/fyne/v2/cmd/fyne@v2.7.1
	$(FYNE) package -os linux -executable $(BIN)/recistview
	ls -l "RECIST View.tar.xz"

clean:
	rm -rf $(BIN) "RECIST View.tar.xz"
