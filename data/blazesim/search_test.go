package blazesim

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEmptyStudy(t *testing.T) {
	h := newHarness(t, nil)
	g := h.bundle(base + "/Group?researchstudy=" + EmptyStudy)
	var group struct {
		Member []struct {
			Entity struct{ Reference string } `json:"entity"`
		} `json:"member"`
	}
	if err := json.Unmarshal(g.Entry[0].Resource, &group); err != nil || len(group.Member) != 3 {
		t.Fatalf("EMPTY-01 group: %s (%v)", g.Entry[0].Resource, err)
	}
	if p := h.bundle(base + "/Patient?researchstudy=" + EmptyStudy); p.Total != 3 || len(p.Entry) != 3 {
		t.Errorf("EMPTY-01 patients: total %d, %d entries", p.Total, len(p.Entry))
	}
	for _, path := range []string{"/DiagnosticReport?", "/Observation?category=imaging&"} {
		resp, body := h.demo(base + path + "researchstudy=" + EmptyStudy)
		o := wantOutcome(t, resp, body, http.StatusNotFound, "No records found")
		if o.Issue[0].Code != "not-found" {
			t.Errorf("issue code %q", o.Issue[0].Code)
		}
	}
}

func TestPagingLinks(t *testing.T) {
	h := newHarness(t, nil)
	truth, err := h.srv.Truth(LargeStudy)
	if err != nil {
		t.Fatal(err)
	}
	total := truth.Assessments()
	pages := (total + 99) / 100
	q := base + "/DiagnosticReport?researchstudy=" + LargeStudy + "&_count=100"
	first := h.bundle(q)
	if first.Total != total || len(first.Entry) != 100 {
		t.Fatalf("total %d (want %d), %d entries", first.Total, total, len(first.Entry))
	}
	if first.Identifier.System != sdURL+"IDB.Protocol" || first.Identifier.Value != LargeStudy {
		t.Errorf("identifier %+v", first.Identifier)
	}
	link := func(b testBundle, rel string) string {
		t.Helper()
		u, ok := b.link(rel)
		if !ok || u == nil {
			t.Fatalf("no %s link", rel)
		}
		return *u
	}
	linkTo := func(page int) string {
		return fmt.Sprintf("%s%s/DiagnosticReport?researchstudy=%s&_count=100&page=%d", h.ts.URL, base, LargeStudy, page)
	}
	for rel, want := range map[string]string{"self": linkTo(1), "first": linkTo(1), "last": linkTo(pages), "next": linkTo(2)} {
		if got := link(first, rel); got != want {
			t.Errorf("%s link %s, want %s", rel, got, want)
		}
	}
	if prev, ok := first.link("previous"); !ok || prev != nil {
		t.Errorf("page 1 previous: present %v, url %v; want present with null url", ok, prev)
	}
	second := h.bundle(link(first, "next"))
	if got := link(second, "previous"); got != linkTo(1) {
		t.Errorf("page 2 previous %s", got)
	}
	last := h.bundle(link(first, "last"))
	if _, ok := last.link("next"); ok {
		t.Error("last page has a next link")
	}
	if want := total - (pages-1)*100; len(last.Entry) != want {
		t.Errorf("last page has %d entries, want %d", len(last.Entry), want)
	}
	seen := map[string]bool{}
	for _, e := range h.all(q) {
		id := identifier(t, e.Resource, "AssessmentId")
		if seen[id] {
			t.Fatalf("assessment %s served twice", id)
		}
		seen[id] = true
		if want := h.ts.URL + base + "/DiagnosticReport?researchstudy=" + LargeStudy + "&_Id=" + id; e.FullURL != want {
			t.Fatalf("fullUrl %s, want %s", e.FullURL, want)
		}
	}
	if len(seen) != total {
		t.Errorf("paging found %d assessments, want %d", len(seen), total)
	}
	resp, body := h.demo(linkTo(pages + 1))
	wantOutcome(t, resp, body, http.StatusNotFound, "No records found")
}

func TestPageSizeDefaultsAndCap(t *testing.T) {
	h := newHarness(t, nil)
	q := base + "/observation?researchstudy=" + LargeStudy + "&category=imaging"
	if b := h.bundle(q); len(b.Entry) != DefaultCount {
		t.Errorf("default page: %d entries", len(b.Entry))
	}
	capped := h.bundle(q + "&_count=1000")
	if len(capped.Entry) != DefaultPageCap {
		t.Errorf("_count=1000: %d entries, want the cap %d", len(capped.Entry), DefaultPageCap)
	}
	if next, _ := capped.link("next"); next == nil || !strings.Contains(*next, "&_count=100&page=2") {
		t.Errorf("capped next link %v", next)
	}

	small := newHarness(t, func(c *Config) { c.PageCap = 7 })
	if b := small.bundle(q); len(b.Entry) != 7 {
		t.Errorf("PageCap 7, no _count: %d entries", len(b.Entry))
	}
	if b := small.bundle(q + "&_count=3"); len(b.Entry) != 3 {
		t.Errorf("PageCap 7, _count=3: %d entries", len(b.Entry))
	}
}

func TestContentType(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct{ path, want string }{
		{demoReports, "text/plain"},
		{demoReports + "&_format=json", "application/fhir+json"},
		{base + "/DiagnosticReport?researchstudy=" + EmptyStudy, "text/plain"},
		{base + "/DiagnosticReport?researchstudy=" + EmptyStudy + "&_format=json", "application/fhir+json"},
		{base + "/Group?researchstudy=" + FixtureStudy + "&_format=json", "application/fhir+json"},
	}
	for _, tc := range tests {
		resp, body := h.demo(tc.path)
		if got := resp.Header.Get("Content-Type"); got != tc.want {
			t.Errorf("%s: Content-Type %q, want %q", tc.path, got, tc.want)
		}
		if !json.Valid(body) {
			t.Errorf("%s: body is not JSON", tc.path)
		}
	}
}

func TestCaseInsensitivePathsAndStudies(t *testing.T) {
	h := newHarness(t, nil)
	for _, seg := range []string{"DiagnosticReport", "diagnosticreport", "DIAGNOSTICREPORT"} {
		for _, study := range []string{"DEMO-01", "demo-01", "Demo-01"} {
			b := h.bundle(strings.ToUpper(base[:4]) + base[4:] + "/" + seg + "?researchstudy=" + study)
			if b.Identifier.Value != study {
				t.Errorf("identifier %q, want the requested %q", b.Identifier.Value, study)
			}
			if self, _ := b.link("self"); self == nil || !strings.Contains(*self, "/"+seg+"?researchstudy="+study+"&page=1") {
				t.Errorf("self link %v does not echo the request", self)
			}
			if got := ext(t, b.Entry[0].Resource, "IDB.Protocol", 0); got != DemoStudy {
				t.Errorf("resource study %v", got)
			}
		}
	}
	for _, seg := range []string{"Observation", "observation", "OBSERVATION"} {
		h.bundle(base + "/" + seg + "?researchstudy=demo-01&category=Imaging")
	}
	for _, seg := range []string{"Patient", "patient", "Group", "group", "GROUP"} {
		h.bundle(base + "/" + seg + "?researchstudy=dEmO-01")
	}
}

func TestSearchByID(t *testing.T) {
	h := newHarness(t, nil)
	truth, _ := h.srv.Truth(DemoStudy)
	subject := truth.Study.Subjects[1]
	a := subject.Assessments[1]

	r := h.bundle(demoReports + "&_id=" + a.ID)
	if r.Total != 1 || identifier(t, r.Entry[0].Resource, "AssessmentId") != a.ID {
		t.Fatalf("DiagnosticReport _id: %+v", r)
	}
	// follow each result reference the way the report spells it, relative to the base
	var dr struct {
		Result []struct{ Reference, Display string } `json:"result"`
	}
	if err := json.Unmarshal(r.Entry[0].Resource, &dr); err != nil {
		t.Fatal(err)
	}
	if len(dr.Result) != len(a.Lesions) {
		t.Fatalf("%d results, want %d", len(dr.Result), len(a.Lesions))
	}
	for _, res := range dr.Result {
		o := h.bundle(base + "/" + res.Reference)
		if got := identifier(t, o.Entry[0].Resource, "LesionIdentifier"); got != res.Display {
			t.Errorf("reference %s found %s", res.Reference, got)
		}
		if self, _ := o.link("self"); self == nil || !strings.Contains(*self, "&id="+url.QueryEscape(res.Display)+"&page=1") {
			t.Errorf("self link %v", self)
		}
	}
	o := h.bundle(base + "/Observation?researchstudy=" + DemoStudy + "&category=imaging&_id=" + a.Lesions[0].ID)
	if identifier(t, o.Entry[0].Resource, "LesionIdentifier") != a.Lesions[0].ID {
		t.Error("Observation _id search")
	}
	resp, body := h.demo(base + "/Observation?researchstudy=" + DemoStudy + "&category=imaging&id=1-2-T09")
	wantOutcome(t, resp, body, http.StatusNotFound, "No records found")

	p := h.bundle(base + "/Patient?_id=" + subject.ID)
	if p.Total != 1 || p.Identifier.Value != DemoStudy || !strings.HasSuffix(p.Entry[0].FullURL, "/patient/"+subject.ID) {
		t.Errorf("Patient by _id without study: %+v", p)
	}
	resp, body = h.demo(base + "/Patient/" + subject.ID)
	if resp.StatusCode != http.StatusOK || string(body) != string(subject.Raw) {
		t.Errorf("Patient read: %d %s", resp.StatusCode, body)
	}
	denied, _ := h.srv.Truth(DeniedStudy)
	resp, body = h.demo(base + "/Patient?_id=" + denied.Study.Subjects[0].ID)
	wantOutcome(t, resp, body, http.StatusNotFound, "No records found")
	resp, body = h.demo(base + "/Observation?researchstudy=" + DemoStudy + "&category=laboratory")
	wantOutcome(t, resp, body, http.StatusNotFound, "No records found")
}

func TestPublicBaseURL(t *testing.T) {
	const public = "https://blaze.example.org:8443"
	h := newHarness(t, func(c *Config) { c.PublicBaseURL = public + "/" })
	b := h.bundle(demoReports)
	for _, l := range b.Link {
		if l.URL != nil && !strings.HasPrefix(*l.URL, public+base+"/") {
			t.Errorf("%s link %s not on %s", l.Relation, *l.URL, public)
		}
	}
	if !strings.HasPrefix(b.Entry[0].FullURL, public+base+"/") {
		t.Errorf("fullUrl %s", b.Entry[0].FullURL)
	}
	for _, bad := range []string{"ftp://x", "https://x/path", "not a url", "https://"} {
		cfg := DefaultConfig()
		cfg.PublicBaseURL = bad
		if _, err := NewServer(cfg); err == nil {
			t.Errorf("PublicBaseURL %q accepted", bad)
		}
	}
}

func TestDuplicateObservationsServed(t *testing.T) {
	h := newHarness(t, nil)
	truth, _ := h.srv.Truth(DemoStudy)
	if len(truth.Duplicates) == 0 {
		t.Fatal("no duplicate Observation in DEMO-01")
	}
	count := map[string]int{}
	var bodies = map[string]string{}
	for _, e := range h.all(base + "/Observation?researchstudy=" + DemoStudy + "&category=imaging&_count=100") {
		id := identifier(t, e.Resource, "LesionIdentifier")
		count[id]++
		if prev, ok := bodies[id]; ok && prev != string(e.Resource) {
			t.Errorf("duplicate %s differs from the original", id)
		}
		bodies[id] = string(e.Resource)
	}
	var twice []string
	for id, n := range count {
		if n > 1 {
			twice = append(twice, id)
		}
	}
	want := slices.Clone(truth.Duplicates)
	slices.Sort(twice)
	slices.Sort(want)
	if !slices.Equal(twice, want) {
		t.Errorf("served twice %v, truth says %v", twice, truth.Duplicates)
	}
}

func TestLatencyHonoursCancellation(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Latency = time.Hour // a test that ignored cancellation would hang here
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, base+"/metadata", nil))
	if rec.Body.Len() != 0 {
		t.Errorf("cancelled request was answered: %s", rec.Body)
	}
	if st := srv.Stats(); st.Total != 1 || st.InFlight != 0 {
		t.Errorf("stats %+v", st)
	}
}
