package fhir

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"sync"
	"unicode/utf8"
)

// This file is the single-pass JSON scanner under the fast decoders (fastdecode.go,
// fastbundle.go). It accepts exactly the JSON that encoding/json accepts — the same grammar,
// whitespace, escapes and nesting limit, with bytes ≥ 0x80 in strings passed through unchecked
// and coerced to valid UTF-8 only when a string is decoded — so that a document the fast path
// reads without error is one encoding/json reads without error. Anything it cannot read is an
// error; the exported decoders then fall back to encoding/json, which gives its own result and
// error. The scanner never panics on any input.

// Errors of the fast path. They never reach callers of the exported decoders, which fall back
// to encoding/json on either.
var (
	// errFastSyntax: the input is not valid JSON (or nests deeper than encoding/json allows).
	errFastSyntax = errors.New("fhir: malformed JSON")
	// errFastType: a value has a JSON type the destination field cannot hold.
	errFastType = errors.New("fhir: JSON value of an unexpected type")
)

// maxNestingDepth is encoding/json's limit on nested arrays and objects.
const maxNestingDepth = 10000

// decoder reads one JSON document. Decoders are pooled.
type decoder struct {
	data  []byte
	pos   int
	depth int    // arrays and objects open
	stack []byte // closing brackets of the containers skip has open
	buf   []byte // an unquoted string or key
	names names
}

var decoders = sync.Pool{New: func() any { return new(decoder) }}

func newDecoder(data []byte) *decoder {
	d := decoders.Get().(*decoder)
	d.data, d.pos, d.depth = data, 0, 0
	return d
}

// maxPooledBuf bounds the unquoting buffer a pooled decoder keeps.
const maxPooledBuf = 64 << 10

// release returns d to the pool without references to the document it read.
func (d *decoder) release() {
	d.data = nil
	d.stack = d.stack[:0]
	if cap(d.buf) > maxPooledBuf {
		d.buf = nil
	}
	decoders.Put(d)
}

// end checks that only whitespace follows the top-level value.
func (d *decoder) end() error {
	d.skipWS()
	if d.pos != len(d.data) {
		return errFastSyntax
	}
	return nil
}

// skipWS skips JSON whitespace: space, tab, newline and carriage return.
func (d *decoder) skipWS() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// next skips whitespace and returns the byte there, or 0 at the end of the input (a NUL byte
// is never valid outside a string, so the two need not be told apart).
func (d *decoder) next() byte {
	d.skipWS()
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// open consumes the '{' or '[' at the position.
func (d *decoder) open() error {
	d.depth++
	if d.depth > maxNestingDepth {
		return errFastSyntax
	}
	d.pos++
	return nil
}

// literal consumes the literal word (true, false or null) at the position.
func (d *decoder) literal(word string) error {
	if len(d.data)-d.pos < len(word) || string(d.data[d.pos:d.pos+len(word)]) != word {
		return errFastSyntax
	}
	d.pos += len(word)
	return nil
}

// objectStart consumes the '{' of an object, or a null (isNull true). Any other value is
// errFastType.
func (d *decoder) objectStart() (isNull bool, err error) {
	switch d.next() {
	case '{':
		return false, d.open()
	case 'n':
		return true, d.literal("null")
	}
	return false, errFastType
}

// object reads an object (or null), handing each member's field to decodeMember, which must
// consume the member's value (d.skip() for fields it does not know).
func (d *decoder) object(decodeMember func(field) error) error {
	isNull, err := d.objectStart()
	for first := true; err == nil && !isNull; first = false {
		var key []byte
		var ok bool
		if key, ok, err = d.member(first); err != nil || !ok {
			break
		}
		err = decodeMember(lookupField(key))
	}
	return err
}

// member moves to the next member of the object being read: it consumes the ',' before it
// (unless first), its key, the ':' and the whitespace after it, leaving the position at the
// value. ok is false when it met and consumed the object's closing brace instead. The key is
// unquoted when it holds escapes and is valid until the next call.
func (d *decoder) member(first bool) (key []byte, ok bool, err error) {
	c := d.next()
	if c == '}' {
		d.pos++
		d.depth--
		return nil, false, nil
	}
	if !first {
		if c != ',' {
			return nil, false, errFastSyntax
		}
		d.pos++
		c = d.next()
	}
	if c != '"' {
		return nil, false, errFastSyntax
	}
	key, flags, err := d.scanString()
	if err != nil {
		return nil, false, err
	}
	if flags&strEscaped != 0 {
		d.buf = unquote(d.buf[:0], key)
		key = d.buf
	}
	if d.next() != ':' {
		return nil, false, errFastSyntax
	}
	d.pos++
	d.skipWS()
	return key, true, nil
}

// elementEnd consumes what follows an array element: a ',' and the whitespace after it (more
// is true), or the closing ']' (more is false).
func (d *decoder) elementEnd() (more bool, err error) {
	switch d.next() {
	case ',':
		d.pos++
		d.skipWS()
		return true, nil
	case ']':
		d.pos++
		d.depth--
		return false, nil
	}
	return false, errFastSyntax
}

// Flags of a scanned string.
const (
	strEscaped = 1 << iota // holds a backslash escape
	strHigh                // holds a byte ≥ 0x80
)

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// stringStop returns the high bits of the bytes of x (8 bytes of input, little-endian) that
// end the fast run through a string: '"', '\\', a control character or a byte ≥ 0x80. Bits
// above the lowest one may be set spuriously; the lowest one is exact.
func stringStop(x uint64) uint64 {
	q := x ^ (lsb * '"')
	b := x ^ (lsb * '\\')
	return ((q - lsb) | (b - lsb) | (x - lsb*0x20) | x) & msb
}

// scanString consumes the string whose opening quote is at the position, checking it the way
// encoding/json's scanner does, and returns its content between the quotes, raw.
func (d *decoder) scanString() (content []byte, flags int, err error) {
	data := d.data
	start := d.pos + 1
	i := start
	for {
		for i+8 <= len(data) {
			if m := stringStop(binary.LittleEndian.Uint64(data[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(data) {
			return nil, 0, errFastSyntax
		}
		switch c := data[i]; {
		case c == '"':
			d.pos = i + 1
			return data[start:i:i], flags, nil
		case c == '\\':
			flags |= strEscaped
			if i+1 >= len(data) {
				return nil, 0, errFastSyntax
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if hex4(data[i+2:]) < 0 {
					return nil, 0, errFastSyntax
				}
				i += 6
			default:
				return nil, 0, errFastSyntax
			}
		case c < 0x20:
			return nil, 0, errFastSyntax
		case c >= utf8.RuneSelf:
			flags |= strHigh
			i++
		default:
			i++
		}
	}
}

// hex4 returns the value of the four hex digits b starts with, or -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// scanNumber consumes the number at the position and returns it as written.
func (d *decoder) scanNumber() ([]byte, error) {
	data, i := d.data, d.pos
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i = digits(data, i+1)
	default:
		return nil, errFastSyntax
	}
	if i < len(data) && data[i] == '.' {
		j := digits(data, i+1)
		if j == i+1 {
			return nil, errFastSyntax
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := digits(data, i)
		if j == i {
			return nil, errFastSyntax
		}
		i = j
	}
	n := data[d.pos:i:i]
	d.pos = i
	return n, nil
}

// digits returns the index of the first non-digit at or after i.
func digits(data []byte, i int) int {
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	return i
}

// skip consumes and checks one value of any type, at any depth, without recursion.
func (d *decoder) skip() error {
	base := len(d.stack)
	for {
		// A value starts at the position.
		if d.pos >= len(d.data) {
			return errFastSyntax
		}
		switch c := d.data[d.pos]; c {
		case '{', '[':
			if err := d.open(); err != nil {
				return err
			}
			closer := c + 2 // '}' or ']'
			if d.next() == closer {
				d.pos++
				d.depth--
				break
			}
			d.stack = append(d.stack, closer)
			if c == '{' {
				if err := d.skipKey(); err != nil {
					return err
				}
			}
			continue
		case '"':
			if _, _, err := d.scanString(); err != nil {
				return err
			}
		case 't':
			if err := d.literal("true"); err != nil {
				return err
			}
		case 'f':
			if err := d.literal("false"); err != nil {
				return err
			}
		case 'n':
			if err := d.literal("null"); err != nil {
				return err
			}
		default:
			if _, err := d.scanNumber(); err != nil {
				return err
			}
		}
		// After a value: close containers until one has another element.
		for {
			top := len(d.stack) - 1
			if top < base {
				return nil
			}
			c := d.next()
			if c == ',' {
				d.pos++
				d.skipWS()
				if d.stack[top] == '}' {
					if err := d.skipKey(); err != nil {
						return err
					}
				}
				break
			}
			if c != d.stack[top] {
				return errFastSyntax
			}
			d.pos++
			d.depth--
			d.stack = d.stack[:top]
		}
	}
}

// skipKey consumes an object key and the ':' after it, leaving the position at the value.
func (d *decoder) skipKey() error {
	if d.next() != '"' {
		return errFastSyntax
	}
	if _, _, err := d.scanString(); err != nil {
		return err
	}
	if d.next() != ':' {
		return errFastSyntax
	}
	d.pos++
	d.skipWS()
	return nil
}
