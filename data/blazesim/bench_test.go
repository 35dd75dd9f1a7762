package blazesim

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkServeObservationPage measures serving one full page of a large study's lesions
// through the whole handler (authentication, paging, bundle assembly).
func BenchmarkServeObservationPage(b *testing.B) {
	srv, err := NewServer(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	tok := srv.tokens.issue(srv.partners[DemoClientID], srv.cfg.Now(), srv.cfg.TokenTTL)
	req := httptest.NewRequest(http.MethodGet, base+"/Observation?researchstudy="+LargeStudy+"&category=imaging&_count=100&page=7", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("x-partnerid", DemoPartnerID)
	srv.ServeHTTP(httptest.NewRecorder(), req) // generate the study outside the timing
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
