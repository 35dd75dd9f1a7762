package fhir_test

import (
	"fmt"

	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/fixtures"
)

// Splitting a page of imaging Observations and decoding each entry.
func ExampleDecodeBundle() {
	page, err := fhir.DecodeBundle(fixtures.Bytes(fixtures.ObservationBundle))
	if err != nil {
		panic(err)
	}
	fmt.Println(page.ResourceType, *page.Total, len(page.Entry), "entries")
	o, err := fhir.DecodeObservation(page.Entry[0].Resource)
	if err != nil {
		panic(err)
	}
	fmt.Println(fhir.IdentifierValue(o.Identifier, "#LesionIdentifier"), o.Extension.Text("Organ"))
	// Output:
	// Bundle 139 2 entries
	// 2441-10664-T02 Lymph node mediastinal
}
