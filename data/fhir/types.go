// Package fhir holds the few FHIR R4 wire types the app needs and a paging search client that
// reads Bundles from a Blaze-style server: it follows `next` links, or fetches the remaining
// pages concurrently once `last` says how many there are, refuses links to another origin, stops
// on a repeated link, caps bytes and retries idempotent reads politely.
//
// Types decode leniently: unknown fields are ignored, a link with "url": null is kept with a nil
// URL, and resources inside a Bundle stay raw (json.RawMessage) until the caller decodes them.
package fhir

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Bundle is a FHIR Bundle (searchset) as Blaze serves it.
type Bundle struct {
	ResourceType string      `json:"resourceType"`
	Type         string      `json:"type,omitempty"`
	Total        *int        `json:"total,omitempty"`
	Identifier   *Identifier `json:"identifier,omitempty"`
	Link         []Link      `json:"link,omitempty"`
	Entry        []Entry     `json:"entry,omitempty"`
}

// Link is one Bundle.link. URL is nil where the server sent "url": null.
type Link struct {
	Relation string  `json:"relation"`
	URL      *string `json:"url"`
}

// Entry is one Bundle.entry; the resource stays raw so it can be shown as the server sent it.
type Entry struct {
	FullURL  string          `json:"fullUrl,omitempty"`
	Resource json.RawMessage `json:"resource,omitempty"`
}

// LinkURL returns the URL of the first link with the given relation, or "" when it is absent
// or null.
func (b *Bundle) LinkURL(relation string) string {
	for _, l := range b.Link {
		if strings.EqualFold(l.Relation, relation) && l.URL != nil {
			return *l.URL
		}
	}
	return ""
}

// Identifier is a FHIR Identifier.
type Identifier struct {
	Use    string `json:"use,omitempty"`
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

// Reference is a FHIR Reference. Blaze's DiagnosticReport.result references are search URLs
// (`Observation?researchstudy=S&category=imaging&id=…`) with the lesion id in Display.
type Reference struct {
	Reference string `json:"reference,omitempty"`
	Display   string `json:"display,omitempty"`
}

// Coding is a FHIR Coding.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept is a FHIR CodeableConcept.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// HasCode reports whether any coding carries code (case-insensitive), or the text equals it.
func (c CodeableConcept) HasCode(code string) bool {
	for _, cd := range c.Coding {
		if strings.EqualFold(cd.Code, code) {
			return true
		}
	}
	return strings.EqualFold(c.Text, code)
}

// Quantity is a FHIR Quantity. Value keeps the decimal as written.
type Quantity struct {
	Value  *json.Number `json:"value,omitempty"`
	Unit   string       `json:"unit,omitempty"`
	System string       `json:"system,omitempty"`
	Code   string       `json:"code,omitempty"`
}

// Float returns the quantity's value; ok is false when it is absent or not a number.
func (q *Quantity) Float() (v float64, ok bool) {
	if q == nil || q.Value == nil {
		return 0, false
	}
	f, err := q.Value.Float64()
	return f, err == nil
}

// ResourceType returns the resourceType of a raw resource, or "" when it has none. It scans
// only as far as the top-level "resourceType" member (FHIR JSON writes it first), without
// decoding the resource, and falls back to a full decode for unusual layouts.
func ResourceType(raw []byte) string {
	depth, inString, escaped := 0, false, false
	keyStart := -1
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				if depth == 1 && keyStart >= 0 && string(raw[keyStart:i]) == "resourceType" {
					return stringValueAfter(raw, i+1)
				}
				keyStart = -1
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			keyStart = i + 1
		case '{', '[':
			depth++
			keyStart = -1
		case '}', ']':
			depth--
		}
	}
	return ""
}

// stringValueAfter reads `: "value"` starting at i; "" if it is not a plain string.
func stringValueAfter(raw []byte, i int) string {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	if i >= len(raw) || raw[i] != ':' {
		return ""
	}
	i++
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	if i >= len(raw) || raw[i] != '"' {
		return ""
	}
	end := bytes.IndexByte(raw[i+1:], '"')
	if end < 0 {
		return ""
	}
	v := raw[i+1 : i+1+end]
	if bytes.IndexByte(v, '\\') >= 0 {
		var h struct {
			ResourceType string `json:"resourceType"`
		}
		if json.Unmarshal(raw, &h) == nil {
			return h.ResourceType
		}
		return ""
	}
	return string(v)
}
