package fhir

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/fixtures"
)

// The fast decoders are checked against encoding/json: on every input, either both fail or
// both succeed with deep-equal results, and the exported decoders return exactly what
// json.Unmarshal returns, error included.

// sameAsJSON decodes raw into T with the fast path alone, with encoding/json and with the
// exported decoder, and reports how they differ ("" when they agree). fastOK tells whether the
// fast path read the input itself.
func sameAsJSON[T any](raw []byte, fast func(*decoder, *T) error, public func([]byte) (T, error)) (problem string, fastOK bool) {
	raw = slices.Clip(raw) // reading past the end must fail, not find what lies beyond
	var want T
	wantErr := json.Unmarshal(raw, &want)
	var got T
	gotErr := fastDecode(raw, &got, fast)
	switch {
	case wantErr == nil && gotErr != nil:
		return "encoding/json reads it, the fast path fails: " + gotErr.Error(), false
	case wantErr != nil && gotErr == nil:
		return "encoding/json fails (" + wantErr.Error() + "), the fast path reads it as " + dump(got), true
	case wantErr == nil && !reflect.DeepEqual(got, want):
		return "the fast path reads\n\t" + dump(got) + "\nencoding/json reads\n\t" + dump(want), true
	}
	pub, pubErr := public(raw)
	if !reflect.DeepEqual(pub, want) || !reflect.DeepEqual(pubErr, wantErr) {
		return "the exported decoder gives " + dump(pub) + ", " + errString(pubErr) + "; encoding/json " + dump(want) + ", " + errString(wantErr), gotErr == nil
	}
	return "", gotErr == nil
}

func dump(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func errString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

// checkAllTypes decodes raw as every type the fast path knows and fails t on any difference.
// It returns how many of the types the fast path read by itself (which sameAsJSON checks are
// all those encoding/json reads). A resource reads as each resource type, but not as a Bundle,
// whose identifier is an object, not an array.
func checkAllTypes(t testing.TB, name string, raw []byte) (fastRead int) {
	t.Helper()
	report := func(typ, problem string, ok bool) {
		if problem != "" {
			t.Errorf("%s as %s: %s\ninput: %q", name, typ, problem, raw)
		}
		if ok {
			fastRead++
		}
	}
	p, ok := sameAsJSON(raw, (*decoder).observation, DecodeObservation)
	report("Observation", p, ok)
	p, ok = sameAsJSON(raw, (*decoder).diagnosticReport, DecodeDiagnosticReport)
	report("DiagnosticReport", p, ok)
	p, ok = sameAsJSON(raw, (*decoder).patient, DecodePatient)
	report("Patient", p, ok)
	p, ok = sameAsJSON(raw, (*decoder).group, DecodeGroup)
	report("Group", p, ok)
	p, ok = sameAsJSON(raw, (*decoder).bundle, decodeBundleValue)
	report("Bundle", p, ok)
	return fastRead
}

// resourceTypes is how many types checkAllTypes reads a Blaze resource as.
const resourceTypes = 4

// decodeBundleValue adapts DecodeBundle to the shape sameAsJSON compares: on error
// json.Unmarshal's partial result is not kept, so neither is compared.
func decodeBundleValue(raw []byte) (Bundle, error) {
	b, err := DecodeBundle(raw)
	if err != nil {
		var partial Bundle
		_ = json.Unmarshal(raw, &partial)
		return partial, err
	}
	return *b, nil
}

// TestFastDecodeFixtures: every published payload, and every resource in them, decodes the
// same as every type; the resources and pages are read by the fast path itself.
func TestFastDecodeFixtures(t *testing.T) {
	for _, name := range fixtures.All {
		body := fixtures.Bytes(name)
		checkAllTypes(t, name, body)
		if name == fixtures.TokenResponse || name == fixtures.OperationOutcome {
			continue
		}
		if p, ok := sameAsJSON(body, (*decoder).bundle, decodeBundleValue); !ok || p != "" {
			t.Errorf("%s: the fast path did not split the page: %s", name, p)
		}
		b, err := DecodeBundle(body)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, e := range b.Entry {
			if n := checkAllTypes(t, name+" entry "+strconv.Itoa(i), e.Resource); n != resourceTypes {
				t.Errorf("%s entry %d: the fast path read it as %d types, not %d", name, i, n, resourceTypes)
			}
		}
	}
}

// TestDecodeBundleAliasesBody: entries are the served bytes, not copies, and capped.
func TestDecodeBundleAliasesBody(t *testing.T) {
	body := bytes.Clone(fixtures.Bytes(fixtures.ObservationBundle))
	b, err := DecodeBundle(body)
	if err != nil {
		t.Fatal(err)
	}
	var want Bundle
	if err := json.Unmarshal(body, &want); err != nil {
		t.Fatal(err)
	}
	if len(b.Entry) != len(want.Entry) || len(b.Entry) == 0 {
		t.Fatalf("%d entries, encoding/json reads %d", len(b.Entry), len(want.Entry))
	}
	for i, e := range b.Entry {
		if !bytes.Equal(e.Resource, want.Entry[i].Resource) {
			t.Fatalf("entry %d is not the served resource", i)
		}
		if cap(e.Resource) != len(e.Resource) {
			t.Errorf("entry %d: capacity %d past its length %d", i, cap(e.Resource), len(e.Resource))
		}
	}
	for i := range body {
		body[i] = ' '
	}
	for i, e := range b.Entry {
		if len(bytes.TrimSpace(e.Resource)) != 0 {
			t.Fatalf("entry %d is a copy, not a part of the page", i)
		}
	}
}

// TestFastDecodeSimulatorTruth: every resource of the simulator's DEMO-01 as the ground truth
// holds it.
func TestFastDecodeSimulatorTruth(t *testing.T) {
	srv, err := blazesim.NewServer(blazesim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	truth, err := srv.Truth(blazesim.DemoStudy)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range truth.Study.Subjects {
		if len(s.Raw) > 0 {
			n++
			if checkAllTypes(t, "subject "+s.ID, s.Raw) != resourceTypes {
				t.Errorf("subject %s: the fast path did not read it", s.ID)
			}
		}
		for _, a := range s.Assessments {
			n++
			if checkAllTypes(t, "assessment "+a.ID, a.Raw) != resourceTypes {
				t.Errorf("assessment %s: the fast path did not read it", a.ID)
			}
			for _, l := range a.Lesions {
				n++
				if checkAllTypes(t, "lesion "+l.ID, l.Raw) != resourceTypes {
					t.Errorf("lesion %s: the fast path did not read it", l.ID)
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d resources in the ground truth", n)
	}
}

// TestFastDecodeSimulatorPages: every page the simulator serves for DEMO-01 and FHIR-T, and
// every entry in them.
func TestFastDecodeSimulatorPages(t *testing.T) {
	sim, err := blazesim.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	hc := &http.Client{Transport: demoAuth(t, sim)}
	c, err := NewClient(hc, sim.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	searches := []struct{ resource, params string }{
		{"DiagnosticReport", ""},
		{"Observation", "&category=imaging"},
		{"Patient", ""},
		{"Group", ""},
	}
	for _, study := range []string{blazesim.DemoStudy, blazesim.FixtureStudy} {
		for _, s := range searches {
			entries := 0
			next := sim.BaseURL + "/" + s.resource + "?_format=json&_count=7&researchstudy=" + url.QueryEscape(study) + s.params
			for pages := 0; next != "" && pages < 100; pages++ {
				body, err := c.Get(context.Background(), next)
				if errors.Is(err, ErrNoRecords) { // FHIR-T's pages link to pages MSK did not publish
					break
				}
				if err != nil {
					t.Fatalf("%s %s: %v", study, s.resource, err)
				}
				if p, ok := sameAsJSON(body, (*decoder).bundle, decodeBundleValue); !ok || p != "" {
					t.Fatalf("%s %s: the fast path did not split the page: %s", study, s.resource, p)
				}
				b, _ := DecodeBundle(body)
				for i, e := range b.Entry {
					entries++
					if checkAllTypes(t, study+" "+s.resource+" entry "+strconv.Itoa(i), e.Resource) != resourceTypes {
						t.Errorf("%s %s entry %d: the fast path did not read it", study, s.resource, i)
					}
				}
				next = b.LinkURL("next")
			}
			if entries == 0 {
				t.Errorf("%s %s: no entries served", study, s.resource)
			}
		}
	}
}

// demoAuth returns a transport that signs requests in as the simulator's demo partner.
func demoAuth(t testing.TB, sim *blazesim.Running) http.RoundTripper {
	t.Helper()
	resp, err := http.PostForm(sim.TokenURL, url.Values{
		"client_id": {blazesim.DemoClientID}, "client_secret": {blazesim.DemoClientSecret},
		"grant_type": {"client_credentials"}, "scope": {"full"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("no token: %v", err)
	}
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		r.Header.Set("x-partnerid", blazesim.DemoPartnerID)
		return http.DefaultTransport.RoundTrip(r)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
