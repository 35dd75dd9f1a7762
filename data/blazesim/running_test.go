package blazesim

import (
	"net/http"
	"strings"
	"testing"
)

func TestStartServesOnLoopback(t *testing.T) {
	r, err := Start(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.BaseURL, "http://127.0.0.1:") || r.BaseURL != r.Origin+FHIRBasePath || r.TokenURL != r.Origin+TokenPath {
		t.Errorf("urls %q %q %q", r.Origin, r.BaseURL, r.TokenURL)
	}
	resp, err := http.Get(r.BaseURL + "/metadata")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("metadata: %d", resp.StatusCode)
	}
	if r.Server.Stats().Total != 1 {
		t.Errorf("stats %+v", r.Server.Stats())
	}
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := http.Get(r.BaseURL + "/metadata"); err == nil {
		t.Error("still serving after Close")
	}
	if _, err := StartOn("256.0.0.1:0", DefaultConfig()); err == nil {
		t.Error("listening on a bad address succeeded")
	}
}
