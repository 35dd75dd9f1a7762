package blazesim

import (
	"net/http"
	"strconv"
	"strings"
)

// Content types: Blaze labels its JSON text/plain unless the request says _format=json.
const (
	contentTypePlain = "text/plain"
	contentTypeFHIR  = "application/fhir+json"
)

// wantsFHIRJSON reports whether the request asked for _format=json (or a JSON media type).
func wantsFHIRJSON(r *http.Request) bool {
	switch strings.ToLower(r.URL.Query().Get("_format")) {
	case "json", "application/json", "application/fhir+json":
		return true
	}
	return false
}

// writeBody writes a FHIR response with Blaze's content type.
func writeBody(w http.ResponseWriter, status int, fhirJSON bool, body []byte) {
	ct := contentTypePlain
	if fhirJSON {
		ct = contentTypeFHIR
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // an error means the client went away; nothing to do
}

// failure is an error answer: HTTP status, OperationOutcome issue code and text.
type failure struct {
	status int
	code   string
	text   string
}

// Texts of Blaze's errors, as the app matches them.
const (
	textNoRecords     = "No records found"
	textBadToken      = "Invalid or expired access token"
	textBadPartner    = "Missing or wrong x-partnerid"
	textNotAuthorized = "Partner is not authorized to access sponsor and/or protocol "
)

var errNoRecords = &failure{status: http.StatusNotFound, code: "not-found", text: textNoRecords}

func missingParam(name string) *failure {
	return &failure{status: http.StatusBadRequest, code: "required", text: "Missing required parameter: " + name}
}

func invalidParam(name, value string) *failure {
	return &failure{status: http.StatusBadRequest, code: "value", text: "Invalid value for parameter " + name + ": " + value}
}

// writeFailure answers f as an OperationOutcome; 401s also carry a Bearer challenge.
func writeFailure(w http.ResponseWriter, fhirJSON bool, f *failure) {
	if f.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	}
	writeOutcome(w, f.status, fhirJSON, f.code, f.text)
}

// writeOutcome answers an OperationOutcome shaped like fixtures/operationoutcome-example.json.
func writeOutcome(w http.ResponseWriter, status int, fhirJSON bool, code, text string) {
	b := make([]byte, 0, 160+len(text))
	b = append(b, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":`...)
	b = appendString(b, code)
	b = append(b, `,"details":{"text":`...)
	b = appendString(b, text)
	b = append(b, `}}]}`...)
	writeBody(w, status, fhirJSON, b)
}
