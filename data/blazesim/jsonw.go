package blazesim

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// The resources are written with append-style helpers rather than encoding/json: field order
// must match MSK's payloads exactly, and a 500-subject study (tens of thousands of resources)
// must be serialised in a fraction of a second.

// sdURL prefixes every MSK extension and identifier system.
const sdURL = "https://fhir.mskcc.org/structure-definitions/#"

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// appendDecimal appends v rounded to 0.1, in its shortest form ("37.6", "46").
func appendDecimal(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, round1(v), 'f', -1, 64)
}

// round1 rounds to one decimal, the precision Blaze reports.
func round1(v float64) float64 {
	r := math.Round(v*10) / 10
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// isWhole reports whether v (rounded to 0.1) is an integer; Blaze then sends valueInteger.
func isWhole(v float64) bool {
	r := round1(v)
	return r == math.Trunc(r)
}

// extWriter appends the elements of an MSK extension array.
type extWriter struct {
	b []byte
	n int
}

func (e *extWriter) open(name string) {
	if e.n > 0 {
		e.b = append(e.b, ',')
	}
	e.n++
	e.b = append(e.b, `{"url":"`+sdURL...)
	e.b = append(e.b, name...)
	e.b = append(e.b, `",`...)
}

func (e *extWriter) str(name, v string) {
	e.open(name)
	e.b = append(e.b, `"valueString":`...)
	e.b = appendString(e.b, v)
	e.b = append(e.b, '}')
}

func (e *extWriter) integer(name string, v int) {
	e.open(name)
	e.b = append(e.b, `"valueInteger":`...)
	e.b = strconv.AppendInt(e.b, int64(v), 10)
	e.b = append(e.b, '}')
}

func (e *extWriter) dateTime(name, v string) {
	e.open(name)
	e.b = append(e.b, `"valueDateTime":`...)
	e.b = appendString(e.b, v)
	e.b = append(e.b, '}')
}

// number writes valueInteger for a whole number and valueDecimal otherwise (a Blaze quirk).
func (e *extWriter) number(name string, v float64) {
	if isWhole(v) {
		e.integer(name, int(round1(v)))
		return
	}
	e.open(name)
	e.b = append(e.b, `"valueDecimal":`...)
	e.b = appendDecimal(e.b, v)
	e.b = append(e.b, '}')
}

// changeText formats a change as Blaze does: "-12.0 mm", "+3.1 mm", "0.0 mm", "--" for nil.
func changeText(d *float64) string {
	if d == nil {
		return "--"
	}
	v := round1(*d)
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if v > 0 {
		s = "+" + s
	}
	return s + " mm"
}
