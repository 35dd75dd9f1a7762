// Package data is the root of RECIST View's headless layer: FHIR wire types and paging (fhir),
// signing in (auth), the MSK Blaze mapping (blaze), the RECIST 1.1 engine (recist), the Blaze
// simulator (blazesim) and the CLI's output formats (export). Nothing under data imports the
// UI toolkit; layering_test.go keeps it so.
package data
