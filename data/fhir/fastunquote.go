package fhir

import (
	"encoding/binary"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// String decoding and key matching exactly as encoding/json does them: escapes decoded,
// invalid UTF-8 and lone surrogates replaced by U+FFFD, keys matched exactly first and then
// under encoding/json's case folding.

// str decodes the string or null at the position into dst; null leaves dst unchanged. Any
// other value is errFastType.
func (d *decoder) str(dst *string) error {
	switch d.next() {
	case '"':
		s, flags, err := d.scanString()
		if err != nil {
			return err
		}
		*dst = d.makeString(s, flags)
		return nil
	case 'n':
		return d.literal("null")
	}
	return errFastType
}

// maxNameLen bounds the strings a decoder's name table keeps.
const maxNameLen = 128

// namesBits is log2 of the size of a decoder's name table.
const namesBits = 9

// names is a decoder's table of recently decoded names: direct-mapped by a cheap hash, an
// entry replaced on collision, so that a lookup costs a hash of two words and one comparison.
type names [1 << namesBits]string

// name is str for fields whose values repeat from resource to resource — extension URLs,
// identifier and code systems, codes, units — which are allocated once per decoder and shared.
func (d *decoder) name(dst *string) error {
	if d.next() != '"' {
		return d.str(dst)
	}
	s, flags, err := d.scanString()
	if err != nil {
		return err
	}
	if flags != 0 || len(s) > maxNameLen {
		*dst = d.makeString(s, flags)
		return nil
	}
	h := uint64(len(s))
	if len(s) >= 8 {
		h ^= binary.LittleEndian.Uint64(s)*0x9E3779B97F4A7C15 ^ binary.LittleEndian.Uint64(s[len(s)-8:])
	} else {
		for _, c := range s {
			h = h<<8 | uint64(c)
		}
	}
	e := &d.names[(h*0x9E3779B97F4A7C15)>>(64-namesBits)]
	if *e != string(s) {
		*e = string(s)
	}
	*dst = *e
	return nil
}

// makeString returns the Go string of a scanned string's content.
func (d *decoder) makeString(s []byte, flags int) string {
	if flags == 0 || (flags == strHigh && utf8.Valid(s)) {
		return string(s)
	}
	d.buf = unquote(d.buf[:0], s)
	return string(d.buf)
}

// unquote appends the decoded content of a checked JSON string to b, as encoding/json's
// unquoteBytes decodes it.
func unquote(b, s []byte) []byte {
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\':
			e := s[r+1]
			r += 2
			switch e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := hex4(s[r:])
				r += 4
				if utf16.IsSurrogate(rr) {
					if r+6 <= len(s) && s[r] == '\\' && s[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, hex4(s[r+2:])); dec != unicode.ReplacementChar {
							r += 6
							b = utf8.AppendRune(b, dec)
							break
						}
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
			default: // '"', '\\', '/'
				b = append(b, e)
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return b
}

// isValidNumber reports whether s is a JSON number, as encoding/json checks a string decoded
// into a json.Number.
func isValidNumber(s string) bool {
	d := decoder{data: []byte(s)}
	_, err := d.scanNumber()
	return err == nil && d.pos == len(s)
}

// foldKey appends key folded as encoding/json folds field names: ASCII letters upper-cased,
// every other rune replaced by the smallest rune of its case-folding orbit.
func foldKey(out, key []byte) []byte {
	for i := 0; i < len(key); {
		c := key[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(key[i:])
		out = utf8.AppendRune(out, foldRune(r))
		i += n
	}
	return out
}

// foldRune returns the smallest rune of r's case-folding orbit.
func foldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}
