package fhir

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Extension is a FHIR extension with the value[x] variants Blaze uses. Numbers keep their
// written form, so a CurrentValue sent as valueDecimal or valueInteger reads the same.
type Extension struct {
	URL           string       `json:"url"`
	ValueString   *string      `json:"valueString,omitempty"`
	ValueInteger  *json.Number `json:"valueInteger,omitempty"`
	ValueDecimal  *json.Number `json:"valueDecimal,omitempty"`
	ValueDateTime *string      `json:"valueDateTime,omitempty"`
	ValueDate     *string      `json:"valueDate,omitempty"`
	ValueBoolean  *bool        `json:"valueBoolean,omitempty"`
	ValueCode     *string      `json:"valueCode,omitempty"`
	// Other holds any value[x] this type does not model, as raw JSON text, so that an unknown
	// value is kept as text rather than dropped.
	Other string `json:"-"`
}

// extensionWire is how an extension arrives: each value[x] raw, so that a value of an
// unexpected JSON type is kept as text instead of failing the whole page.
type extensionWire struct {
	URL           string          `json:"url"`
	ValueString   json.RawMessage `json:"valueString"`
	ValueInteger  json.RawMessage `json:"valueInteger"`
	ValueDecimal  json.RawMessage `json:"valueDecimal"`
	ValueDateTime json.RawMessage `json:"valueDateTime"`
	ValueDate     json.RawMessage `json:"valueDate"`
	ValueBoolean  json.RawMessage `json:"valueBoolean"`
	ValueCode     json.RawMessage `json:"valueCode"`
}

// UnmarshalJSON decodes an extension leniently: a value of the wrong JSON type, or a value[x]
// this type does not model, is kept as text in Other.
func (e *Extension) UnmarshalJSON(b []byte) error {
	var w extensionWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = Extension{URL: w.URL}
	e.ValueString = e.str(w.ValueString)
	e.ValueDateTime = e.str(w.ValueDateTime)
	e.ValueDate = e.str(w.ValueDate)
	e.ValueCode = e.str(w.ValueCode)
	e.ValueInteger = e.num(w.ValueInteger)
	e.ValueDecimal = e.num(w.ValueDecimal)
	if len(w.ValueBoolean) > 0 && !isNull(w.ValueBoolean) {
		var v bool
		if json.Unmarshal(w.ValueBoolean, &v) == nil {
			e.ValueBoolean = &v
		} else {
			e.Other = rawText(w.ValueBoolean)
		}
	}
	if e.isEmpty() && e.Other == "" {
		var all map[string]json.RawMessage
		if json.Unmarshal(b, &all) == nil {
			for k, v := range all {
				if strings.HasPrefix(k, "value") && !isNull(v) {
					e.Other = rawText(v)
					break
				}
			}
		}
	}
	return nil
}

// str decodes a string value; a value of another JSON type goes to Other.
func (e *Extension) str(raw json.RawMessage) *string {
	if len(raw) == 0 || isNull(raw) {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		e.Other = rawText(raw)
		return nil
	}
	return &s
}

// num decodes a number value, accepting a numeric string; anything else goes to Other.
func (e *Extension) num(raw json.RawMessage) *json.Number {
	if len(raw) == 0 || isNull(raw) {
		return nil
	}
	t := strings.TrimSpace(strings.Trim(string(raw), `"`))
	if f, err := strconv.ParseFloat(t, 64); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		e.Other = rawText(raw)
		return nil
	}
	n := json.Number(t)
	return &n
}

func (e *Extension) isEmpty() bool {
	return e.ValueString == nil && e.ValueInteger == nil && e.ValueDecimal == nil && e.ValueDateTime == nil &&
		e.ValueDate == nil && e.ValueBoolean == nil && e.ValueCode == nil
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// rawText is a raw JSON value as text: a string without its quotes, anything else verbatim.
func rawText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}

// Name is the part of the URL after '#', e.g. "CaseId" for
// https://fhir.mskcc.org/structure-definitions/#CaseId; the whole URL when it has no '#'.
func (e Extension) Name() string {
	if i := strings.LastIndexByte(e.URL, '#'); i >= 0 {
		return e.URL[i+1:]
	}
	return e.URL
}

// Text returns the value as text whatever its type; "" when there is none.
func (e Extension) Text() string {
	switch {
	case e.ValueString != nil:
		return *e.ValueString
	case e.ValueInteger != nil:
		return e.ValueInteger.String()
	case e.ValueDecimal != nil:
		return e.ValueDecimal.String()
	case e.ValueDateTime != nil:
		return *e.ValueDateTime
	case e.ValueDate != nil:
		return *e.ValueDate
	case e.ValueCode != nil:
		return *e.ValueCode
	case e.ValueBoolean != nil:
		return strconv.FormatBool(*e.ValueBoolean)
	}
	return e.Other
}

// Float returns a numeric value, from valueDecimal, valueInteger or a numeric valueString.
func (e Extension) Float() (float64, bool) {
	var n *json.Number
	switch {
	case e.ValueDecimal != nil:
		n = e.ValueDecimal
	case e.ValueInteger != nil:
		n = e.ValueInteger
	case e.ValueString != nil:
		f, err := strconv.ParseFloat(strings.TrimSpace(*e.ValueString), 64)
		return f, err == nil
	default:
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// Int returns an integer value, from valueInteger, an integral valueDecimal or a numeric
// valueString.
func (e Extension) Int() (int, bool) {
	f, ok := e.Float()
	if !ok || f != float64(int(f)) {
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
