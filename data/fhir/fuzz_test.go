package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/recistview/recistview/data/fixtures"
)

// The fuzz targets' seed corpora live in testdata/fuzz/Fuzz*/ (tricky cases and single resources
// cut from the fixtures); the published fixtures themselves are added here. `make fuzz` runs each
// target for a few seconds.

// FuzzBundle feeds arbitrary bytes to the page decoder, then reads every entry the way the
// loader does: resource type, extensions by name, identifiers, quantities, links.
func FuzzBundle(f *testing.F) {
	for _, name := range fixtures.All {
		f.Add(fixtures.Bytes(name))
	}
	c, err := NewClient(http.DefaultClient, "https://h.example/fhir/api")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, want := range []string{"", "Observation", "DiagnosticReport", "Patient", "Group"} {
			b, err := decodeBundle(data, "https://h.example/fhir/api/x?page=1", want)
			if err != nil {
				var fe *Error
				if !errors.As(err, &fe) || fe.Err == nil || fe.Error() == "" {
					t.Fatalf("want %q: error %T %v is not a *fhir.Error", want, err, err)
				}
				continue
			}
			if b.ResourceType != "Bundle" {
				t.Fatalf("decoded a %q as a Bundle", b.ResourceType)
			}
			_, _, _ = c.readLinks(b)
			_ = total(b)
			for _, e := range b.Entry {
				if got := ResourceType(e.Resource); want != "" && !strings.EqualFold(got, want) {
					t.Fatalf("want %q: an entry of type %q got through", want, got)
				}
				readEntry(t, e.Resource)
			}
		}
	})
}

// readEntry decodes a raw resource as each resource type and reads what the mapping reads.
func readEntry(t *testing.T, raw []byte) {
	var dr DiagnosticReport
	if json.Unmarshal(raw, &dr) == nil {
		checkExtensions(t, dr.Extension)
		_ = IdentifierValue(dr.Identifier, "#AssessmentId")
	}
	var o Observation
	if json.Unmarshal(raw, &o) == nil {
		checkExtensions(t, o.Extension)
		if v, ok := o.ValueQuantity.Float(); ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("valueQuantity %v read as %v", *o.ValueQuantity.Value, v)
		}
	}
	var p Patient
	if json.Unmarshal(raw, &p) == nil {
		checkExtensions(t, p.Extension)
	}
	var g Group
	_ = json.Unmarshal(raw, &g)
	var oo OperationOutcome
	if json.Unmarshal(raw, &oo) == nil {
		_ = oo.Text()
	}
}

// checkExtensions reads every extension the way the mapping does and checks the accessors agree.
func checkExtensions(t *testing.T, xs Extensions) {
	for _, e := range xs {
		checkExtension(t, e)
	}
	for _, name := range []string{"CaseId", "RevisionNumber", "CurrentValue", "SponsorId"} {
		_, _ = xs.Find(name)
		_ = xs.All(name)
		_ = xs.Text(name)
	}
}

func checkExtension(t *testing.T, e Extension) {
	_ = e.Name()
	_ = e.Text()
	f, fok := e.Float()
	if fok && (math.IsNaN(f) || math.IsInf(f, 0)) { // a valueString "NaN" must not become a target sum
		t.Fatalf("%+v: Float() = %v", e, f)
	}
	if i, ok := e.Int(); ok && (!fok || float64(i) != f) {
		t.Fatalf("%+v: Int() = %d but Float() = %v, %v", e, i, f, fok)
	}
}

// FuzzExtension decodes one extension and reads its value every way: Text, Float and Int must
// agree, never give NaN or an infinity, and survive a round trip through JSON.
func FuzzExtension(f *testing.F) {
	f.Add([]byte(`{"url":"https://fhir.mskcc.org/structure-definitions/#CurrentValue","valueDecimal":37.6}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var e Extension
		if err := json.Unmarshal(data, &e); err != nil {
			return
		}
		checkExtension(t, e)
		// What decoded must survive a round trip through its own JSON form (written without
		// HTML escaping, which would change the text of a non-string value such as [">"]).
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(e); err != nil {
			t.Fatalf("%+v does not marshal: %v", e, err)
		}
		b := buf.Bytes()
		var again Extension
		if err := json.Unmarshal(b, &again); err != nil {
			t.Fatalf("%s does not decode again: %v", b, err)
		}
		if again.Text() != e.Text() {
			t.Fatalf("round trip changed %q to %q", e.Text(), again.Text())
		}
	})
}
