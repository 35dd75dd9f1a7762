package blazesim_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/recistview/recistview/data/blazesim"
)

// Signing in as the demo partner and listing the demo study's subjects.
func ExampleStartDemo() {
	sim, err := blazesim.StartDemo()
	if err != nil {
		panic(err)
	}
	defer sim.Close()

	resp, err := http.PostForm(sim.TokenURL, url.Values{
		"client_id":     {blazesim.DemoClientID},
		"client_secret": {blazesim.DemoClientSecret},
		"grant_type":    {"client_credentials"},
		"scope":         {"full"},
	})
	if err != nil {
		panic(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()

	req, _ := http.NewRequest(http.MethodGet, sim.BaseURL+"/Group?researchstudy="+blazesim.DemoStudy, nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("x-partnerid", blazesim.DemoPartnerID)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var bundle struct {
		Entry []struct {
			Resource struct {
				Member []struct{} `json:"member"`
			} `json:"resource"`
		} `json:"entry"`
	}
	json.NewDecoder(resp.Body).Decode(&bundle)
	fmt.Println(tok.ExpiresIn, resp.StatusCode, resp.Header.Get("Content-Type"), len(bundle.Entry[0].Resource.Member))
	// Output: 3600 200 text/plain 12
}

// A test server with a small page cap and no deliberately wrong conclusions, behind httptest.
func ExampleNewServer() {
	cfg := blazesim.DefaultConfig()
	cfg.PageCap = 10
	cfg.WrongShare = 0
	srv, err := blazesim.NewServer(cfg)
	if err != nil {
		panic(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	resp, err := http.Get(ts.URL + blazesim.FHIRBasePath + "/DiagnosticReport?researchstudy=" + blazesim.DemoStudy)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode) // no bearer token
	// Output: 401
}

// The ground truth a test checks a client against.
func ExampleServer_Truth() {
	srv, err := blazesim.NewServer(blazesim.DefaultConfig())
	if err != nil {
		panic(err)
	}
	truth, err := srv.Truth(blazesim.DemoStudy)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(truth.Study.Subjects), "subjects")
	for _, id := range truth.AlteredIDs() {
		alt := truth.Altered[id]
		_ = alt.Computed // what recist.Evaluate gives for assessment id
		_ = alt.Reported // what the server reports instead
	}
	fmt.Println(len(truth.AlteredIDs()) > 0)
	// Output:
	// 12 subjects
	// true
}
