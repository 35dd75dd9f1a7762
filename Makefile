# RECIST View — developer tasks. Every Go command builds with the Fyne 2.6+ threading tag.
GO      ?= go
TAGS    := migrated_fynedo
BIN     := bin
FYNE    ?= $(shell $(GO) env GOPATH)/bin/fyne

.PHONY: run test faults fuzz vet bench package clean

# Start the desktop app on the built-in demo server.
run:
	$(GO) run -tags $(TAGS) ./cmd/recistview -demo

# The full test suite (what CI runs).
test:
	$(GO) test -race -tags $(TAGS) ./...

# The fault suite of the recist CLI (docs/faults.md), run from its directory so that its
# closing line `faults survived: N/N` is printed (go test ./... shows only failures' output).
faults:
	cd cmd/recist && $(GO) test -race -count=1 -tags $(TAGS) -run '^TestFaultSuite$$'

# Each fuzz target for a few seconds (FUZZTIME), from its committed seed corpus
# (testdata/fuzz/). A failing input is written there; commit it with the fix.
FUZZTIME ?= 4s
FUZZ     := FuzzBundle:./data/fhir FuzzExtension:./data/fhir FuzzDecodeObservation:./data/fhir FuzzDecodeDiagnosticReport:./data/fhir FuzzDecodeBundle:./data/fhir FuzzParseChange:./data/blaze \
            FuzzParseDate:./data/blaze FuzzMapResources:./data/blaze
fuzz:
	@set -e; for t in $(FUZZ); do \
		echo "== $${t%%:*}"; \
		$(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$${t%%:*}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 20x $${t#*:}; \
	done

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

# The study-scale harness: load times against the latency bound, cache reopen, chart renders.
bench-load:
	$(GO) run -tags $(TAGS) ./cmd/benchload
