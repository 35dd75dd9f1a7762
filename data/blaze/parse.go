package blaze

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ParseChange reads one of Blaze's change strings — "-12.0 mm", "+3.1 mm", "0.0 mm" — into
// millimetres. "--", "" and anything unreadable give ok == false (the caller keeps the text).
// A trailing unit other than mm is refused rather than misread.
func ParseChange(s string) (mm float64, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.Trim(s, "-–— ") == "" {
		return 0, false
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }); i >= 0 {
		if !strings.EqualFold(strings.TrimSpace(s[i:]), "mm") {
			return 0, false
		}
		s = strings.TrimSpace(s[:i])
	}
	s = strings.Replace(s, "−", "-", 1) // a typographic minus
	s = strings.ReplaceAll(s, " ", "")
	if strings.Count(s, "+")+strings.Count(s, "-") > 1 {
		return 0, false
	}
	s = strings.TrimPrefix(s, "+")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v || v > 1e6 || v < -1e6 {
		return 0, false
	}
	return v, true
}

// dateLayouts are the effectiveDateTime forms seen: Blaze's date-times usually carry no zone.
var dateLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	time.RFC3339Nano,
	"2006-01-02T15:04",
	"2006-01-02",
	"2006-01",
	"2006",
}

// ParseDate reads a FHIR date or date-time. A date-time without a zone is taken as the
// clinic's wall-clock time and returned in UTC without shifting; a zoned one keeps its instant.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ParseBirthYear reads a Patient.birthDate, which Blaze gives as a year ("1988"), or a full date.
func ParseBirthYear(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1800 || y > 2200 {
		return 0, false
	}
	return y, true
}

// SubjectID returns the subject id of a reference like "Patient/10081007" (also an absolute URL
// ending in Patient/{id}); the reference itself when it has no "Patient/" part.
func SubjectID(ref string) string {
	ref = strings.TrimSpace(ref)
	if i := lastIndexASCIIFold(ref, "patient/"); i >= 0 {
		return strings.Trim(ref[i+len("patient/"):], "/")
	}
	return ref
}

// lastIndexASCIIFold is strings.LastIndex ignoring ASCII case. It indexes s itself: lowering
// s first and indexing the copy is wrong where lowering changes the length (invalid UTF-8 turns
// into U+FFFD; FuzzParseDate found the panic).
func lastIndexASCIIFold(s, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		j := 0
		for j < len(sub) && lowerASCII(s[i+j]) == lowerASCII(sub[j]) {
			j++
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// LesionKey is the parts of a lesion identifier "{CaseId}-{AssessmentId}-{code}".
type LesionKey struct {
	CaseID       string
	AssessmentID string
	Code         string
}

// ParseLesionID splits a lesion identifier such as "2441-10664-T02" or "163-790-NT01a". ok is
// false when it does not have three parts; the caller then keeps the whole text as the code.
func ParseLesionID(id string) (k LesionKey, ok bool) {
	parts := strings.SplitN(strings.TrimSpace(id), "-", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return LesionKey{Code: id}, false
	}
	return LesionKey{CaseID: parts[0], AssessmentID: parts[1], Code: parts[2]}, true
}

// ResultLesionID returns the lesion identifier a DiagnosticReport.result names: its display,
// or else the `id=` (or `_id=`) value of its search-URL reference.
func ResultLesionID(reference, display string) string {
	if d := strings.TrimSpace(display); d != "" {
		return d
	}
	ref := reference
	if i := strings.IndexByte(ref, '?'); i >= 0 {
		q, err := url.ParseQuery(ref[i+1:])
		if err == nil {
			for k, v := range q {
				if (strings.EqualFold(k, "id") || strings.EqualFold(k, "_id")) && len(v) > 0 {
					return v[0]
				}
			}
		}
	}
	if i := strings.LastIndexByte(ref, '/'); i >= 0 && !strings.Contains(ref[i:], "?") {
		return ref[i+1:]
	}
	return ""
}

// SameStudy compares study numbers the way Blaze does: case-insensitively (the published Group
// echoes "fhir-t" for FHIR-T).
func SameStudy(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
