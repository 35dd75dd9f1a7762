package fhir

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Extension is a FHIR extension. Its value[x] is kept as the raw JSON the server sent and read
// on demand, leniently: a CurrentValue sent as valueDecimal or valueInteger reads the same, a
// number sent as a string still reads as a number, and a value of an unexpected JSON type is
// kept as text rather than failing the whole page. Decoding is a single pass of the standard
// decoder (no per-extension re-parse), which matters for studies of tens of thousands of lesions.
type Extension struct {
	URL string `json:"url"`

	ValueString          json.RawMessage `json:"valueString,omitempty"`
	ValueInteger         json.RawMessage `json:"valueInteger,omitempty"`
	ValueDecimal         json.RawMessage `json:"valueDecimal,omitempty"`
	ValueDateTime        json.RawMessage `json:"valueDateTime,omitempty"`
	ValueDate            json.RawMessage `json:"valueDate,omitempty"`
	ValueBoolean         json.RawMessage `json:"valueBoolean,omitempty"`
	ValueCode            json.RawMessage `json:"valueCode,omitempty"`
	ValueCodeableConcept json.RawMessage `json:"valueCodeableConcept,omitempty"`
	ValueCoding          json.RawMessage `json:"valueCoding,omitempty"`
	ValueQuantity        json.RawMessage `json:"valueQuantity,omitempty"`
	ValueReference       json.RawMessage `json:"valueReference,omitempty"`
}

// raw returns the first value[x] present, textual kinds first.
func (e Extension) raw() json.RawMessage {
	for _, v := range [...]json.RawMessage{e.ValueString, e.ValueInteger, e.ValueDecimal, e.ValueDateTime, e.ValueDate,
		e.ValueCode, e.ValueBoolean, e.ValueCodeableConcept, e.ValueCoding, e.ValueQuantity, e.ValueReference} {
		if len(v) > 0 && !isNull(v) {
			return v
		}
	}
	return nil
}

// Name is the part of the URL after '#', e.g. "CaseId" for
// https://fhir.mskcc.org/structure-definitions/#CaseId; the whole URL when it has no '#'.
func (e Extension) Name() string {
	if i := strings.LastIndexByte(e.URL, '#'); i >= 0 {
		return e.URL[i+1:]
	}
	return e.URL
}

// Text returns the value as text whatever its type: a string without its quotes, a number as
// written, anything else as its JSON; "" when there is no value.
func (e Extension) Text() string { return rawText(e.raw()) }

// Float returns a numeric value, from valueDecimal, valueInteger or a numeric valueString.
// NaN and infinities are refused.
func (e Extension) Float() (float64, bool) {
	var t string
	switch {
	case len(e.ValueDecimal) > 0:
		t = rawText(e.ValueDecimal)
	case len(e.ValueInteger) > 0:
		t = rawText(e.ValueInteger)
	case len(e.ValueString) > 0:
		t = rawText(e.ValueString)
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// Int returns an integer value, from valueInteger, an integral valueDecimal or a numeric
// valueString.
func (e Extension) Int() (int, bool) {
	f, ok := e.Float()
	if !ok || f != math.Trunc(f) || f > math.MaxInt32 || f < math.MinInt32 {
		return 0, false
	}
	return int(f), true
}

// Extensions is a resource's extension list with lookups by name.
type Extensions []Extension

// Find returns the first extension whose name equals name, case-insensitively (so the two
// spellings SponsorId and SponsorID both match "SponsorId"); ok is false when there is none.
func (xs Extensions) Find(name string) (Extension, bool) {
	for _, e := range xs {
		if strings.EqualFold(e.Name(), name) {
			return e, true
		}
	}
	return Extension{}, false
}

// All returns every extension named name, in order (Blaze repeats RevisionNumber: the first is
// the case revision, the second the assessment revision).
func (xs Extensions) All(name string) []Extension {
	var out []Extension
	for _, e := range xs {
		if strings.EqualFold(e.Name(), name) {
			out = append(out, e)
		}
	}
	return out
}

// Text returns the text value of the first extension named name, or "".
func (xs Extensions) Text(name string) string {
	e, _ := xs.Find(name)
	return e.Text()
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// rawText is a raw JSON value as text: a string without its quotes (escapes decoded), null as
// "", anything else as compact JSON (so the text does not depend on the server's spacing).
func rawText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] != '"' {
		if raw[0] == '{' || raw[0] == '[' {
			var b bytes.Buffer
			if json.Compact(&b, raw) == nil {
				return b.String()
			}
		}
		return string(raw)
	}
	if len(raw) >= 2 && raw[len(raw)-1] == '"' && bytes.IndexByte(raw[1:len(raw)-1], '\\') < 0 && bytes.IndexByte(raw[1:len(raw)-1], '"') < 0 &&
		utf8.Valid(raw[1:len(raw)-1]) {
		return string(raw[1 : len(raw)-1]) // the common case: no escapes, valid UTF-8
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}
