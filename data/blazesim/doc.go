// Package blazesim simulates MSK's "Blaze" research FHIR server as the app speaks to it: the
// client-credentials token endpoint, the FHIR base with DiagnosticReport (RECIST response
// assessments), Observation category=imaging (lesion measurements), Patient and Group searches,
// absolute paging links, OperationOutcome errors with Blaze's status codes (400, 401, 403, and
// 404 "No records found" for an empty result), and the text/plain content type Blaze sends
// unless _format=json is asked for.
//
// It is the data source of the app's demo mode and of every end-to-end test, so it is a library:
// NewServer returns an http.Handler, Start runs it on a loopback port. Studies are synthetic,
// generated deterministically from Config.Seed (same seed, byte-identical responses), except
// study FHIR-T, which is served from MSK's published example payloads (package data/fixtures).
//
// Generated data follows RECIST 1.1: each subject's lesions are drawn from a trajectory
// archetype (responders, stable disease, early and late progressors, new lesions, ...), the
// reported target sums and responses are what recist.Evaluate computes, and a configurable share
// of follow-up conclusions is deliberately wrong. Truth exposes the generated study and exactly
// which assessments were altered, so tests can check that a client finds them.
//
// Config.Faults makes it a hostile network on demand — throttling, 5xx bursts, dropped
// connections, slow responses, a token endpoint that is down, revoked tokens, cyclic or foreign
// paging links, malformed or mistyped pages — each deterministic from a seed (docs/faults.md).
//
// The API is documented in the project's spec/blaze-api.md; where it and a published fixture
// disagree, the simulator does what the fixture shows.
package blazesim
