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
	return d.object(func(f field) error {
		switch f {
		case fieldResourceType:
			return d.name(&b.ResourceType)
		case fieldType:
			return d.name(&b.Type)
		case fieldTotal:
			return d.integer(&b.Total)
		case fieldIdentifier:
			return decodePtr(d, &b.Identifier, (*decoder).identifier)
		case fieldLink:
			return decodeArray(d, &b.Link, (*decoder).link)
		case fieldEntry:
			return decodeArray(d, &b.Entry, (*decoder).entry)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) link(l *Link) error {
	return d.object(func(f field) error {
		switch f {
		case fieldRelation:
			return d.name(&l.Relation)
		case fieldURL:
			return d.strPtr(&l.URL)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) entry(e *Entry) error {
	return d.object(func(f field) error {
		switch f {
		case fieldFullURL:
			return d.str(&e.FullURL)
		case fieldResource:
			return d.raw(&e.Resource)
		default:
			return d.skip()
		}
	})
}
