// Package smart signs RECIST View in to SMART-enabled FHIR servers (HL7 SMART App Launch 2.x,
// e.g. Flatiron OncoEMR), next to the client-credentials sign-in of package data/auth for Blaze.
// It reuses data/auth's token machinery: every token source here is an *auth.TokenSource, and
// auth.NewClientWithSource turns it into the same credential-carrying *http.Client as Blaze's.
//
// The pieces, and the security rules they implement (see the project's security.md):
//
//   - [Discover]: {base}/.well-known/smart-configuration (rule 14), endpoints checked with
//     auth.CheckURL (rule 10).
//   - [Login]: the authorization code flow for a native app (rules 11–13, RFC 8252): the system
//     browser through a caller-supplied openURL, a one-shot loopback listener on 127.0.0.1,
//     PKCE S256 (required), a fresh 256-bit state, aud = the FHIR base; one code exchange with
//     an explicit AuthStyle — HTTP Basic for confidential clients, client_id in the form for
//     public ones (rule 4) — never retried (rule 17).
//   - [NewRefreshSource]: refresh tokens, one refresh at a time, rotated refresh tokens handed
//     to a save callback before the new access token is used (rule 7), on the app's root
//     context (rule 3).
//   - [NewBackendSource]: SMART Backend Services, a fresh RS384/ES384 client assertion per token
//     request (rule 15), with [ParsePrivateKeyPEM] for the key.
//
// A typical desktop sign-in:
//
//	conf, err := smart.Discover(ctx, fhirBase)
//	tok, err := smart.Login(ctx, smart.LoginConfig{FHIRBase: fhirBase, Server: conf, ...},
//		func(u string) error { p, err := url.Parse(u); if err != nil { return err }; return app.OpenURL(p) })
//	src, err := smart.NewRefreshSource(rootCtx, smart.RefreshConfig{TokenURL: conf.TokenEndpoint, ...}, tok)
//	client, err := auth.NewClientWithSource(fhirBase, "", src)
//
// Errors are *[Error] (matched with errors.Is against [ErrDenied], [ErrTimeout], ...) or, for
// the token endpoint, *auth.Error (auth.ErrRejected, ...). No error message contains an
// authorization code, PKCE verifier, state, token, client assertion, client secret or key. The
// package returns errors and never logs.
package smart
