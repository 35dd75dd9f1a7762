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
	isNull, err := d.objectStart()
	for first := true; err == nil && !isNull; first = false {
		var key []byte
		var ok bool
		if key, ok, err = d.member(first); err != nil || !ok {
			break
		}
		switch lookupField(key) {
		case fieldResourceType:
			err = d.name(&o.ResourceType)
		case fieldID:
			err = d.str(&o.ID)
		case fieldExtension:
			err = d.extensions(&o.Extension)
		case fieldIdentifier:
			err = decodeArray(d, &o.Identifier, (*decoder).identifier)
		case fieldStatus:
			err = d.name(&o.Status)
		case fieldCategory:
			err = decodeArray(d, &o.Category, (*decoder).codeableConcept)
		case fieldSubject:
			err = decodePtr(d, &o.Subject, (*decoder).reference)
		case fieldEffectiveDateTime:
			err = d.str(&o.EffectiveDateTime)
		case fieldValueQuantity:
			err = decodePtr(d, &o.ValueQuantity, (*decoder).quantity)
		default:
			err = d.skip()
		}
	}
	return err
}

func (d *decoder) diagnosticReport(r *DiagnosticReport) error {
	isNull, err := d.objectStart()
	for first := true; err == nil && !isNull; first = false {
		var key []byte
		var ok bool
		if key, ok, err = d.member(first); err != nil || !ok {
			break
		}
		switch lookupField(key) {
		case fieldResourceType:
			err = d.name(&r.ResourceType)
		case fieldID:
			err = d.str(&r.ID)
		case fieldExtension:
			err = d.extensions(&r.Extension)
		case fieldIdentifier:
			err = decodeArray(d, &r.Identifier, (*decoder).identifier)
		case fieldStatus:
			err = d.name(&r.Status)
		case fieldCategory:
			err = decodeArray(d, &r.Category, (*decoder).codeableConcept)
		case fieldSubject:
			err = decodePtr(d, &r.Subject, (*decoder).reference)
		case fieldEffectiveDateTime:
			err = d.str(&r.EffectiveDateTime)
		case fieldResult:
			err = decodeArray(d, &r.Result, (*decoder).reference)
		case fieldConclusion:
			err = d.str(&r.Conclusion)
		default:
			err = d.skip()
		}
	}
	return err
}

func (d *decoder) patient(p *Patient) error {
	isNull, err := d.objectStart()
	for first := true; err == nil && !isNull; first = false {
		var key []byte
		var ok bool
		if key, ok, err = d.member(first); err != nil || !ok {
			break
		}
		switch lookupField(key) {
		case fieldResourceType:
			err = d.name(&p.ResourceType)
		case fieldID:
			err = d.str(&p.ID)
		case fieldExtension:
			err = d.extensions(&p.Extension)
		case fieldIdentifier:
			err = decodeArray(d, &p.Identifier, (*decoder).identifier)
		case fieldGender:
			err = d.name(&p.Gender)
		case fieldBirthDate:
			err = d.str(&p.BirthDate)
		default:
			err = d.skip()
		}
	}
	return err
}

func (d *decoder) group(g *Group) error {
	isNull, err := d.objectStart()
	for first := true; err == nil && !isNull; first = false {
		var key []byte
		var ok bool
		if key, ok, err = d.member(first); err != nil || !ok {
			break
		}
		switch lookupField(key) {
		case fieldResourceType:
			err = d.name(&g.ResourceType)
		case fieldID:
			err = d.str(&g.ID)
		case fieldIdentifier:
			err = decodeArray(d, &g.Identifier, (*decoder).identifier)
		case fieldType:
			err = d.name(&g.Type)
		case fieldMember:
			err = decodeArray(d, &g.Member, (*decoder).groupMember)
		default:
			err = d.skip()
		}
	}
	return err
}

func (d *decoder) groupMember(m *GroupMember) error {
	isNull, err := d.objectStart()
	for first := true; err == nil && !isNull; first = false {
		var key []byte
		var ok bool
		if key, ok, err = d.member(first); err != nil || !ok {
			break
		}
		if lookupField(key) == fieldEntity {
			err = d.reference(&m.Entity)
		} else {
			err = d.skip()
		}
	}
	return err
}
