package fhir

import "encoding/json"

// DecodeBundle splits a Bundle page as json.Unmarshal into a zero Bundle would read it — the
// header (resourceType, type, total, identifier, links, a null url kept as a nil URL) and each
// entry's fullUrl and resource — checking the JSON once and without decoding the resources:
// each Entry.Resource is the sub-slice of body the server sent for it, byte for byte. Input
// the fast path cannot read is decoded by encoding/json instead, whose result and error are
// returned (its entries are then copies).
//
// The entries' resources alias body (capped, so appending to one copies): body must not be
// modified afterwards, and keeping any resource keeps the whole page in memory.
func DecodeBundle(body []byte) (*Bundle, error) {
	var b Bundle
	if fastDecode(body, &b, (*decoder).bundle) == nil {
		return &b, nil
	}
	var slow Bundle
	if err := json.Unmarshal(body, &slow); err != nil {
		return nil, err
	}
	return &slow, nil
}

func (d *decoder) bundle(b *Bundle) error {
	isNull, err := d.objectStart()
	for first := true; err == nil && !isNull; first = false {
		var key []byte
		var ok bool
		if key, ok, err = d.member(first); err != nil || !ok {
			break
		}
		switch lookupField(key) {
		case fieldResourceType:
			err = d.name(&b.ResourceType)
		case fieldType:
			err = d.name(&b.Type)
		case fieldTotal:
			err = d.integer(&b.Total)
		case fieldIdentifier:
			err = decodePtr(d, &b.Identifier, (*decoder).identifier)
		case fieldLink:
			err = decodeArray(d, &b.Link, (*decoder).link)
		case fieldEntry:
			err = decodeArray(d, &b.Entry, (*decoder).entry)
		default:
			err = d.skip()
		}
	}
	return err
}

func (d *decoder) link(l *Link) error {
	isNull, err := d.objectStart()
	for first := true; err == nil && !isNull; first = false {
		var key []byte
		var ok bool
		if key, ok, err = d.member(first); err != nil || !ok {
			break
		}
		switch lookupField(key) {
		case fieldRelation:
			err = d.name(&l.Relation)
		case fieldURL:
			err = d.strPtr(&l.URL)
		default:
			err = d.skip()
		}
	}
	return err
}

func (d *decoder) entry(e *Entry) error {
	isNull, err := d.objectStart()
	for first := true; err == nil && !isNull; first = false {
		var key []byte
		var ok bool
		if key, ok, err = d.member(first); err != nil || !ok {
			break
		}
		switch lookupField(key) {
		case fieldFullURL:
			err = d.str(&e.FullURL)
		case fieldResource:
			err = d.raw(&e.Resource)
		default:
			err = d.skip()
		}
	}
	return err
}
