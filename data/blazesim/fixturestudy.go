package blazesim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/recistview/recistview/data/fixtures"
)

// fixtureOrigin is the gateway host MSK's example payloads link to; the simulator rewrites it
// to its own origin so that a client does not refuse the links as foreign.
const fixtureOrigin = "https://apigateway.apps.stageapi.mskcc.org"

// loadFixtureStudy serves study FHIR-T from the published payloads: page 1 of each search is
// the fixture itself, and searches by id find the fixture's resources. It panics if the
// embedded fixtures do not parse, which the fixtures package's own tests rule out.
func loadFixtureStudy(spec StudySpec) *studyData {
	d := &studyData{spec: spec}
	for kind, name := range map[resource]string{
		resReport:      fixtures.DiagnosticReportBundle,
		resObservation: fixtures.ObservationBundle,
		resPatient:     fixtures.PatientBundle,
		resGroup:       fixtures.GroupBundle,
	} {
		raw := fixtures.Bytes(name)
		d.pages[kind] = raw
		entries, err := fixtureEntries(kind, raw)
		if err != nil {
			panic(fmt.Sprintf("blazesim: fixture %s: %v", name, err))
		}
		d.lists[kind] = entries
	}
	d.lists[resGroup] = []entry{{id: spec.ID, body: d.lists[resGroup][0].body}}
	return d.index()
}

// fixtureEntries extracts the resources of a fixture bundle, compacted, with their ids.
func fixtureEntries(kind resource, raw []byte) ([]entry, error) {
	var bundle struct {
		Entry []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(raw, &bundle); err != nil {
		return nil, err
	}
	var out []entry
	for _, e := range bundle.Entry {
		var buf bytes.Buffer
		if err := json.Compact(&buf, e.Resource); err != nil {
			return nil, err
		}
		var res struct {
			ID         string `json:"id"`
			Identifier []struct {
				System string `json:"system"`
				Value  string `json:"value"`
			} `json:"identifier"`
		}
		if err := json.Unmarshal(e.Resource, &res); err != nil {
			return nil, err
		}
		id := res.ID
		want := map[resource]string{resReport: "AssessmentId", resObservation: "LesionIdentifier"}[kind]
		for _, ident := range res.Identifier {
			if want != "" && strings.HasSuffix(ident.System, "#"+want) {
				id = ident.Value
			}
		}
		out = append(out, entry{id: id, body: buf.Bytes()})
	}
	if len(out) == 0 {
		return nil, errors.New("no entries")
	}
	return out, nil
}

// rewriteOrigin replaces the fixture's gateway host with origin.
func rewriteOrigin(page []byte, origin string) []byte {
	return bytes.ReplaceAll(page, []byte(fixtureOrigin), []byte(origin))
}
