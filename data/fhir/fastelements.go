package fhir

import (
	"encoding/json"
	"strconv"
)

// Fast decoders of the element types (Extension, Identifier, Coding, …) and of arrays,
// pointers, raw values and numbers, with encoding/json's semantics.

// decodeArray decodes an array (or null) into *dst as encoding/json does: null makes it nil,
// `[]` an empty non-nil slice; into a slice that is already non-nil (a repeated key) the
// elements are decoded over the existing ones.
func decodeArray[S ~[]T, T any](d *decoder, dst *S, elem func(*decoder, *T) error) error {
	switch d.next() {
	case 'n':
		if err := d.literal("null"); err != nil {
			return err
		}
		*dst = nil
		return nil
	case '[':
	default:
		return errFastType
	}
	if err := d.open(); err != nil {
		return err
	}
	if d.next() == ']' {
		d.pos++
		d.depth--
		*dst = S{}
		return nil
	}
	return decodeOver(d, dst, elem)
}

// extensionBuffer is how many extensions extensions reads on the stack before spilling.
const extensionBuffer = 24

// extensions is decodeArray for a resource's extensions, the largest array there is: the
// elements are read into a buffer on the stack and copied once into a slice of the right size.
func (d *decoder) extensions(dst *Extensions) error {
	if *dst != nil || d.next() != '[' {
		return decodeArray(d, dst, (*decoder).extension)
	}
	if err := d.open(); err != nil {
		return err
	}
	if d.next() == ']' {
		d.pos++
		d.depth--
		*dst = Extensions{}
		return nil
	}
	var buf [extensionBuffer]Extension
	var spill Extensions
	n := 0
	for more := true; more; n++ {
		var e *Extension
		if n < extensionBuffer {
			e = &buf[n]
		} else {
			spill = append(spill, Extension{})
			e = &spill[len(spill)-1]
		}
		if err := d.extension(e); err != nil {
			return err
		}
		var err error
		if more, err = d.elementEnd(); err != nil {
			return err
		}
	}
	out := make(Extensions, n)
	copy(out[copy(out, buf[:min(n, extensionBuffer)]):], spill)
	*dst = out
	return nil
}

// decodeOver decodes the elements of a non-empty array over those of the slice *dst, as
// encoding/json does: element i is decoded into the slice's element i (what it held, even
// past the length if within the capacity, is decoded over; for a repeated key that is what
// the first value left there), and the slice ends at the last element read.
func decodeOver[S ~[]T, T any](d *decoder, dst *S, elem func(*decoder, *T) error) error {
	s := *dst
	n := 0
	for more := true; more; {
		switch {
		case n >= cap(s):
			var zero T
			s = append(s, zero)
		case n >= len(s):
			s = s[:n+1]
		}
		if err := elem(d, &s[n]); err != nil {
			return err
		}
		n++
		var err error
		if more, err = d.elementEnd(); err != nil {
			return err
		}
	}
	*dst = s[:n]
	return nil
}

// decodePtr decodes an object (or null) into the struct *dst points to, allocating it when
// nil; null makes *dst nil.
func decodePtr[T any](d *decoder, dst **T, decode func(*decoder, *T) error) error {
	if d.next() == 'n' {
		*dst = nil
		return d.literal("null")
	}
	if *dst == nil {
		*dst = new(T)
	}
	return decode(d, *dst)
}

// raw keeps the value at the position, of any type, as written.
func (d *decoder) raw(dst *json.RawMessage) error {
	start := d.pos
	if err := d.skip(); err != nil {
		return err
	}
	*dst = d.data[start:d.pos:d.pos]
	return nil
}

// number decodes a number, a string holding one, or null into a *json.Number as
// encoding/json does: the number as written, or the decoded string when it is a valid number.
func (d *decoder) number(dst **json.Number) error {
	var v string
	switch c := d.next(); {
	case c == 'n':
		*dst = nil
		return d.literal("null")
	case c == '-' || ('0' <= c && c <= '9'):
		n, err := d.scanNumber()
		if err != nil {
			return err
		}
		v = string(n)
	case c == '"':
		s, flags, err := d.scanString()
		if err != nil {
			return err
		}
		if v = d.makeString(s, flags); !isValidNumber(v) {
			return errFastType
		}
	default:
		return errFastType
	}
	if *dst == nil {
		*dst = new(json.Number)
	}
	**dst = json.Number(v)
	return nil
}

// integer decodes an integral number (as ParseInt reads it) or null into a *int.
func (d *decoder) integer(dst **int) error {
	switch c := d.next(); {
	case c == 'n':
		*dst = nil
		return d.literal("null")
	case c == '-' || ('0' <= c && c <= '9'):
		n, err := d.scanNumber()
		if err != nil {
			return err
		}
		v, err := strconv.ParseInt(string(n), 10, 0)
		if err != nil {
			return errFastType
		}
		if *dst == nil {
			*dst = new(int)
		}
		**dst = int(v)
		return nil
	}
	return errFastType
}

// strPtr decodes a string or null into a *string; null makes it nil.
func (d *decoder) strPtr(dst **string) error {
	switch d.next() {
	case 'n':
		*dst = nil
		return d.literal("null")
	case '"':
		if *dst == nil {
			*dst = new(string)
		}
		return d.str(*dst)
	}
	return errFastType
}

func (d *decoder) extension(e *Extension) error {
	return d.object(func(f field) error {
		switch f {
		case fieldURL:
			return d.name(&e.URL)
		case fieldValueString:
			return d.raw(&e.ValueString)
		case fieldValueInteger:
			return d.raw(&e.ValueInteger)
		case fieldValueDecimal:
			return d.raw(&e.ValueDecimal)
		case fieldValueDateTime:
			return d.raw(&e.ValueDateTime)
		case fieldValueDate:
			return d.raw(&e.ValueDate)
		case fieldValueBoolean:
			return d.raw(&e.ValueBoolean)
		case fieldValueCode:
			return d.raw(&e.ValueCode)
		case fieldValueCodeableConcept:
			return d.raw(&e.ValueCodeableConcept)
		case fieldValueCoding:
			return d.raw(&e.ValueCoding)
		case fieldValueQuantity:
			return d.raw(&e.ValueQuantity)
		case fieldValueReference:
			return d.raw(&e.ValueReference)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) identifier(id *Identifier) error {
	return d.object(func(f field) error {
		switch f {
		case fieldUse:
			return d.name(&id.Use)
		case fieldSystem:
			return d.name(&id.System)
		case fieldValue:
			return d.str(&id.Value)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) reference(r *Reference) error {
	return d.object(func(f field) error {
		switch f {
		case fieldReference:
			return d.str(&r.Reference)
		case fieldDisplay:
			return d.str(&r.Display)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) coding(c *Coding) error {
	return d.object(func(f field) error {
		switch f {
		case fieldSystem:
			return d.name(&c.System)
		case fieldCode:
			return d.name(&c.Code)
		case fieldDisplay:
			return d.name(&c.Display)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) codeableConcept(c *CodeableConcept) error {
	return d.object(func(f field) error {
		switch f {
		case fieldCoding:
			return decodeArray(d, &c.Coding, (*decoder).coding)
		case fieldText:
			return d.name(&c.Text)
		default:
			return d.skip()
		}
	})
}

func (d *decoder) quantity(q *Quantity) error {
	return d.object(func(f field) error {
		switch f {
		case fieldValue:
			return d.number(&q.Value)
		case fieldUnit:
			return d.name(&q.Unit)
		case fieldSystem:
			return d.name(&q.System)
		case fieldCode:
			return d.name(&q.Code)
		default:
			return d.skip()
		}
	})
}
