// Package auth signs the app in to a Blaze-style FHIR server with OAuth 2.0 client credentials
// (RFC 6749 section 4.4) and provides the *http.Client that every FHIR call goes through.
//
// The pieces, and the security rules they implement (see the project's security.md):
//
//   - [Config] and [CheckURL]: https everywhere except loopback hosts (rule 10).
//   - [TokenSource]: a client-credentials token source built on
//     golang.org/x/oauth2/clientcredentials with the credentials in the form body
//     (AuthStyleInParams, rule 4). It lives on the app's root context (rule 3,
//     golang/oauth2#388), reuses a token until shortly before it expires, runs one fetch at a
//     time, and never retries a token POST on its own. A JSON token response served as
//     text/plain is parsed as JSON (rule 5); a 200 response carrying "error" is an error (rule 6).
//   - [Client]: an *http.Client whose transport adds "Authorization: Bearer …" and
//     "x-partnerid" only to requests for the configured FHIR base origin (rule 8; it does not use
//     oauth2.NewClient's transport, golang/oauth2#805), answers one 401 with one fresh token and
//     one retry (rule 18), and refuses cross-origin and https→http redirects (rule 9).
//   - [Source], [NewTokenSource] and [NewClientWithSource]: the same cached, one-fetch-at-a-time
//     token source on the root context, and the same transport, for other grants (package
//     data/smart: SMART refresh tokens and Backend Services). [NewTokenHTTPClient], [TokenError],
//     [CheckBearer] and [RegisteredCode] give other sign-in code the same limits and error rules.
//   - [Error]: typed errors matched with errors.Is against [ErrRejected], [ErrUnreachable] and the
//     other sentinels. No error message ever contains the client secret, an access token or the
//     body of a token response.
//   - [SecretStore] and [KeyringStore]: the client secret in the OS keychain, with
//     [ErrNoKeychain] when there is none (rule 1: no plaintext fallback), and [SecretFromEnv] for
//     the CLI.
//
// The package returns errors and never logs.
package auth
