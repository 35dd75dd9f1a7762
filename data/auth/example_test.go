package auth_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/fixtures"
)

// A Blaze-like pair of endpoints on loopback: a token endpoint that serves the published token
// response (as text/plain, like Blaze without _format=json) and a FHIR base that requires the
// bearer token and the partner id.
func newDemoServer() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		if r.PostFormValue("client_secret") != "demo-secret" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid_client"}`)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Write(fixtures.Bytes(fixtures.TokenResponse))
	})
	mux.HandleFunc("GET /fhir/metadata", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" || r.Header.Get("x-partnerid") != "P-42" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, `{"resourceType":"CapabilityStatement"}`)
	})
	return httptest.NewServer(mux)
}

func Example() {
	srv := newDemoServer()
	defer srv.Close()

	root, quit := context.WithCancel(context.Background()) // the app's lifetime
	defer quit()

	// The secret comes from auth.SecretFromEnv (CLI) or an auth.KeyringStore (desktop).
	secret := "demo-secret"
	client, err := auth.NewClient(root, auth.Config{
		TokenURL:     srv.URL + "/oauth2/token",
		ClientID:     "demo-client",
		ClientSecret: secret,
		PartnerID:    "P-42",
		FHIRBase:     srv.URL + "/fhir", // http is allowed only because the host is loopback
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := client.SignIn(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	resp, err := client.HTTPClient().Get(srv.URL + "/fhir/metadata")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, string(body))
	// Output: 200 OK {"resourceType":"CapabilityStatement"}
}

func ExampleClient_SignIn_rejected() {
	srv := newDemoServer()
	defer srv.Close()

	client, err := auth.NewClient(context.Background(), auth.Config{
		TokenURL:     srv.URL + "/oauth2/token",
		ClientID:     "demo-client",
		ClientSecret: "not-the-secret",
		FHIRBase:     srv.URL + "/fhir",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	err = client.SignIn(context.Background())
	fmt.Println(errors.Is(err, auth.ErrRejected))
	var e *auth.Error
	if errors.As(err, &e) {
		fmt.Println(e.Kind, e.Status, e.Code)
	}
	// Output:
	// true
	// the server rejected these credentials 401 invalid_client
}

func ExampleCheckURL() {
	for _, u := range []string{
		"https://apigateway.apps.stageapi.mskcc.org/msk-apim/external/v2/crit/blaze/api",
		"http://127.0.0.1:8080/fhir",
		"http://fhir.example.org/api",
	} {
		fmt.Println(auth.CheckURL(u) == nil, errors.Is(auth.CheckURL(u), auth.ErrInsecure))
	}
	// Output:
	// true false
	// true false
	// false true
}

func ExampleAccountKey() {
	fmt.Println(auth.KeychainService, auth.AccountKey("MSK staging", "abc123", "P-42"))
	// Output: RECIST View MSK%20staging/abc123/P-42
}
