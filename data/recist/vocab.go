package recist

import "strings"

// conclusions maps Blaze's DiagnosticReport.conclusion texts to response codes.
// "No", "Yes" and "Undefined" carry no response (a baseline says "No").
var conclusions = map[string]Response{
	"complete response":   CR,
	"partial response":    PR,
	"stable disease":      SD,
	"progressive disease": PD,
	"non-cr/non-pd":       NonCRNonPD,
	"not evaluable":       NE,
	"cr":                  CR,
	"pr":                  PR,
	"sd":                  SD,
	"pd":                  PD,
	"ne":                  NE,
}

// ParseConclusion maps a server conclusion to a response code; texts that carry no response
// ("No", "Yes", "Undefined", or anything unknown) give None. The caller keeps the text.
func ParseConclusion(text string) Response {
	return conclusions[strings.ToLower(strings.TrimSpace(text))]
}

// ConclusionText is the conclusion Blaze writes for a response code ("" for None).
func ConclusionText(r Response) string {
	switch r {
	case CR:
		return "Complete Response"
	case PR:
		return "Partial Response"
	case SD:
		return "Stable Disease"
	case PD:
		return "Progressive Disease"
	case NonCRNonPD:
		return "Non-CR/Non-PD"
	case NE:
		return "Not Evaluable"
	}
	return ""
}

// Label is the long English name of a response code, for people ("Partial response").
func (r Response) Label() string {
	switch r {
	case CR:
		return "Complete response"
	case PR:
		return "Partial response"
	case SD:
		return "Stable disease"
	case PD:
		return "Progressive disease"
	case NonCRNonPD:
		return "Non-CR/Non-PD"
	case NE:
		return "Not evaluable"
	}
	return "No response"
}

// Rank orders responses from best to worst for best overall response:
// CR > PR > SD > Non-CR/Non-PD > PD > NE > None. Lower is better.
func (r Response) Rank() int {
	switch r {
	case CR:
		return 0
	case PR:
		return 1
	case SD:
		return 2
	case NonCRNonPD:
		return 3
	case PD:
		return 4
	case NE:
		return 5
	}
	return 6
}

// Responses lists the response codes in rank order, for filters and legends.
var Responses = []Response{CR, PR, SD, NonCRNonPD, PD, NE}

// ParseCategory maps Blaze's lesion Category extension ("Target", "Non-target", "New lesion")
// to a Category; ok is false for values it does not know, which the caller keeps as text.
func ParseCategory(text string) (c Category, ok bool) {
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "target":
		return Target, true
	case "non-target", "nontarget", "non target":
		return NonTarget, true
	case "new lesion", "new":
		return New, true
	}
	return "", false
}

// CategoryText is the Category extension value Blaze writes for c.
func CategoryText(c Category) string {
	switch c {
	case Target:
		return "Target"
	case NonTarget:
		return "Non-target"
	case New:
		return "New lesion"
	}
	return string(c)
}

// IsNodal reports whether an organ text names a lymph node, whose lesions are measured in
// short axis and follow the nodal rules.
func IsNodal(organ string) bool {
	o := strings.ToLower(organ)
	return strings.Contains(o, "lymph node") || strings.Contains(o, "lymph-node") || strings.HasPrefix(o, "node")
}
