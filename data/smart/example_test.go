package smart_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/oauth2"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/smart"
)

// newDemoSMARTServer is a SMART authorization server and FHIR server on loopback, for a
// confidential client "recist-view" with secret "demo-secret". Its authorization endpoint
// stands in for the user signing in: it sends the browser straight back with a code.
func newDemoSMARTServer() *httptest.Server {
	var (
		srv       *httptest.Server
		mu        sync.Mutex
		challenge string
	)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /fhir/.well-known/smart-configuration", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"authorization_endpoint":                srv.URL + "/authorize",
			"token_endpoint":                        srv.URL + "/token",
			"grant_types_supported":                 []string{"authorization_code", "refresh_token"},
			"code_challenge_methods_supported":      []string{"S256"},
			"token_endpoint_auth_methods_supported": []string{"client_secret_basic"},
			"capabilities":                          []string{"launch-standalone", "client-confidential-symmetric", "permission-offline"},
		})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("code_challenge_method") != "S256" || q.Get("aud") != srv.URL+"/fhir" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		mu.Lock()
		challenge = q.Get("code_challenge")
		mu.Unlock()
		back := url.Values{"code": {"demo-code"}, "state": {q.Get("state")}}
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+back.Encode(), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		id, secret, _ := r.BasicAuth()
		mu.Lock()
		want := challenge
		mu.Unlock()
		switch {
		case id != "recist-view" || secret != "demo-secret":
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid_client"}`)
		case r.PostFormValue("grant_type") == "authorization_code" &&
			oauth2.S256ChallengeFromVerifier(r.PostFormValue("code_verifier")) == want:
			io.WriteString(w, `{"access_token":"demo-access-1","token_type":"Bearer","expires_in":3600,`+
				`"refresh_token":"demo-refresh-1","patient":"example-patient"}`)
		case r.PostFormValue("grant_type") == "refresh_token" && r.PostFormValue("refresh_token") == "demo-refresh-1":
			io.WriteString(w, `{"access_token":"demo-access-2","token_type":"Bearer","expires_in":3600,"refresh_token":"demo-refresh-2"}`)
		default:
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_grant"}`)
		}
	})
	mux.HandleFunc("GET /fhir/metadata", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer demo-access-") {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, `{"resourceType":"CapabilityStatement"}`)
	})
	srv = httptest.NewServer(mux)
	return srv
}

// Discovery, then the interactive sign-in. The desktop app passes Fyne's App.OpenURL as
// openURL; here a stand-in browser loads the page and follows the redirect back to the
// loopback listener. The token then feeds a refresh source and the FHIR client.
func ExampleLogin() {
	srv := newDemoSMARTServer()
	defer srv.Close()
	fhirBase := srv.URL + "/fhir"

	root, quit := context.WithCancel(context.Background()) // the app's lifetime
	defer quit()
	ctx := context.Background() // this sign-in attempt (the user may cancel it)

	conf, err := smart.Discover(ctx, fhirBase)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("S256 offered:", conf.SupportsS256(), "- offline access:", conf.HasCapability("permission-offline"))

	openURL := func(u string) error { // stands in for fyne.App.OpenURL
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		page, _ := io.ReadAll(resp.Body)
		fmt.Println("browser shows:", strings.Contains(string(page), "You can close this window and return to RECIST View"))
		return nil
	}
	secret := "demo-secret" // from auth.KeyringStore, never a flag or preferences file
	tok, err := smart.Login(ctx, smart.LoginConfig{
		FHIRBase:     fhirBase,
		Server:       conf,
		ClientID:     "recist-view",
		ClientSecret: secret,
		Scopes:       []string{"openid", "fhirUser", "user/*.rs", "offline_access"},
	}, openURL)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("patient:", tok.Extra("patient"))

	src, err := smart.NewRefreshSource(root, smart.RefreshConfig{
		TokenURL:     conf.TokenEndpoint,
		ClientID:     "recist-view",
		ClientSecret: secret,
		SaveRefreshToken: func(rt string) error {
			// e.g. auth.KeyringStore{}.Set(auth.KeychainService, account, rt)
			return nil
		},
	}, tok)
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := auth.NewClientWithSource(fhirBase, "", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := client.HTTPClient().Get(fhirBase + "/metadata")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println("FHIR:", resp.Status)
	// Output:
	// S256 offered: true - offline access: true
	// browser shows: true
	// patient: example-patient
	// FHIR: 200 OK
}

// A server that does not offer PKCE S256 is refused before the browser opens.
func ExampleLogin_noS256() {
	conf := &smart.Configuration{
		AuthorizationEndpoint:         "https://auth.example.org/authorize",
		TokenEndpoint:                 "https://auth.example.org/token",
		CodeChallengeMethodsSupported: []string{"plain"},
	}
	_, err := smart.Login(context.Background(), smart.LoginConfig{
		FHIRBase: "https://fhir.example.org/r4",
		Server:   conf,
		ClientID: "recist-view",
	}, func(string) error { panic("the browser must not open") })
	fmt.Println(errors.Is(err, smart.ErrUnsupported))
	fmt.Println(err)
	// Output:
	// true
	// smart: the server does not support the required sign-in method (https://auth.example.org/authorize): the server does not offer PKCE with S256
}

// SMART Backend Services: the app signs a fresh ES384 client assertion for every token request
// with a key registered at the server. This fake token endpoint verifies it with the public key.
func ExampleNewBackendSource() {
	// In the app the PEM comes from a file the administrator provides.
	generated, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(generated)
	pemData := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})

	key, err := smart.ParsePrivateKeyPEM(pemData)
	if err != nil {
		fmt.Println(err)
		return
	}
	alg, _ := smart.SigningAlgorithm(key.Public())
	fmt.Println("algorithm:", alg)

	pub := key.Public().(*ecdsa.PublicKey)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		parts := strings.Split(r.PostFormValue("client_assertion"), ".")
		if r.PostFormValue("client_assertion_type") != smart.ClientAssertionType || len(parts) != 3 {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_request"}`)
			return
		}
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		digest := sha512.Sum384([]byte(parts[0] + "." + parts[1]))
		if len(sig) != 96 || !ecdsa.Verify(pub, digest[:], new(big.Int).SetBytes(sig[:48]), new(big.Int).SetBytes(sig[48:])) {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid_client"}`)
			return
		}
		fmt.Fprintf(w, `{"access_token":"backend-access","token_type":"bearer","expires_in":300,"scope":%q}`, r.PostFormValue("scope"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	root, quit := context.WithCancel(context.Background())
	defer quit()
	src, err := smart.NewBackendSource(root, smart.BackendConfig{
		TokenURL: srv.URL + "/token",
		ClientID: "recist-view-backend",
		KeyID:    "recist-2025",
		Key:      key,
		Scope:    "system/*.rs",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, err := src.TokenContext(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.AccessToken, tok.Extra("scope"))
	// Output:
	// algorithm: ES384
	// backend-access system/*.rs
}
