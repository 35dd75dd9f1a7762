package fhir

import "encoding/json"

// Fast decoders of the resources the Blaze mapping reads. Each gives exactly what
// json.Unmarshal gives into the same struct — the same fields, unknown members skipped, keys
// matched case-insensitively, a repeated key applied again over the first (so the last wins
// for a string, and objects and arrays merge into what is there as encoding/json merges them),
// null leaving strings and structs alone and clearing pointers and slices, `[]` giving an
// empty non-nil slice — in one pass over the bytes and with few allocations. Input the fast
// path cannot read (malformed JSON, a value of the wrong type) is decoded again by
// encoding/json, so that its result and its error are returned: a malformed resource is still
// refused, never half-read.
//
// The json.RawMessage values of the result (Extension value[x], Entry.Resource) are
// sub-slices of the input, capped so that appending to them copies: the input must not be
// modified while the result is in use. Strings that repeat across resources (extension URLs,
// systems, codes) may be shared between results. The decoders are safe for concurrent use.

// DecodeObservation decodes a raw Observation, as json.Unmarshal into a zero Observation
// would, with the same error for input that is not one.
func DecodeObservation(raw []byte) (Observation, error) {
	return decodeResource(raw, (*decoder).observation)
}

// DecodeDiagnosticReport decodes a raw DiagnosticReport, as json.Unmarshal into a zero
// DiagnosticReport would, with the same error for input that is not one.
func DecodeDiagnosticReport(raw []byte) (DiagnosticReport, error) {
	return decodeResource(raw, (*decoder).diagnosticReport)
}

// DecodePatient decodes a raw Patient, as json.Unmarshal into a zero Patient would, with the
// same error for input that is not one.
func DecodePatient(raw []byte) (Patient, error) {
	return decodeResource(raw, (*decoder).patient)
}

// DecodeGroup decodes a raw Group, as json.Unmarshal into a zero Group would, with the same
// error for input that is not one.
func DecodeGroup(raw []byte) (Group, error) {
	return decodeResource(raw, (*decoder).group)
}

// decodeResource runs a fast decoder over a whole document and falls back to encoding/json
// when it fails.
func decodeResource[T any](raw []byte, decode func(*decoder, *T) error) (T, error) {
	var v T
	if fastDecode(raw, &v, decode) == nil {
		return v, nil
	}
	var slow T
	err := json.Unmarshal(raw, &slow)
	return slow, err
}

// fastDecode decodes a whole document into v with the fast decoder alone.
func fastDecode[T any](raw []byte, v *T, decode func(*decoder, *T) error) error {
	d := newDecoder(raw)
	err := decode(d, v)
	if err == nil {
		err = d.end()
	}
	d.release()
	return err
}

func (d *decoder) observation(o *Observation) error {
	return d.object(func(f field) error {
		switch f {
		case fieldResourceType:
			return d.name(&o.ResourceType)
		case fieldID:
			return d.str(&o.ID)
		case fieldExtension:
			return d.extensions(&o.Extension)
		case fieldIdentifier:
			return decodeArray(d, &o.Identifier, (*decoder).identifier)
		case fieldStatus:
			return d.name(&o.Status)
		case fieldCategory:
			return decodeArray(d, &o.Category, (*decoder).codeableConcept)
		case fieldSubject:
			return decodePtr(d, &o.Subject, (*decoder).reference)
		case fieldEffectiveDateTime:
			return d.str(&o.EffectiveDateTime)
		case fieldValueQuantity:
			return decodePtr(d, &o.ValueQuantity, (*decoder).quantity)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) diagnosticReport(r *DiagnosticReport) error {
	return d.object(func(f field) error {
		switch f {
		case fieldResourceType:
			return d.name(&r.ResourceType)
		case fieldID:
			return d.str(&r.ID)
		case fieldExtension:
			return d.extensions(&r.Extension)
		case fieldIdentifier:
			return decodeArray(d, &r.Identifier, (*decoder).identifier)
		case fieldStatus:
			return d.name(&r.Status)
		case fieldCategory:
			return decodeArray(d, &r.Category, (*decoder).codeableConcept)
		case fieldSubject:
			return decodePtr(d, &r.Subject, (*decoder).reference)
		case fieldEffectiveDateTime:
			return d.str(&r.EffectiveDateTime)
		case fieldResult:
			return decodeArray(d, &r.Result, (*decoder).reference)
		case fieldConclusion:
			return d.str(&r.Conclusion)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) patient(p *Patient) error {
	return d.object(func(f field) error {
		switch f {
		case fieldResourceType:
			return d.name(&p.ResourceType)
		case fieldID:
			return d.str(&p.ID)
		case fieldExtension:
			return d.extensions(&p.Extension)
		case fieldIdentifier:
			return decodeArray(d, &p.Identifier, (*decoder).identifier)
		case fieldGender:
			return d.name(&p.Gender)
		case fieldBirthDate:
			return d.str(&p.BirthDate)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) group(g *Group) error {
	return d.object(func(f field) error {
		switch f {
		case fieldResourceType:
			return d.name(&g.ResourceType)
		case fieldID:
			return d.str(&g.ID)
		case fieldIdentifier:
			return decodeArray(d, &g.Identifier, (*decoder).identifier)
		case fieldType:
			return d.name(&g.Type)
		case fieldMember:
			return decodeArray(d, &g.Member, (*decoder).groupMember)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) groupMember(m *GroupMember) error {
	return d.object(func(f field) error {
		if f == fieldEntity {
			return d.reference(&m.Entity)
		}
		return d.skip()
	})
}
