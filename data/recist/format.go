package recist

import (
	"strconv"
	"strings"
)

// minus is the typographic minus sign used in texts for people.
const minus = "−"

// num formats v with one decimal and a real minus sign.
func num(v float64) string {
	v = round1(v)
	if v < 0 {
		return minus + strconv.FormatFloat(-v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// signed formats v with one decimal and an explicit sign ("+4.1", "−20.1", "0.0").
func signed(v float64) string {
	if round1(v) > 0 {
		return "+" + num(v)
	}
	return num(v)
}

// mmText formats a length in millimetres ("45.0 mm").
func mmText(v float64) string { return num(v) + " mm" }

// assessmentLabel names an assessment and its date for the start of a sentence:
// "Follow-up 2 (13 Oct 2006)".
func assessmentLabel(a *Assessment) string {
	name := strings.TrimSpace(a.Name)
	if name == "" {
		name = "Assessment " + a.ID
		if a.ID == "" {
			name = "An assessment"
		}
	}
	date := a.DateText
	if !a.Date.IsZero() {
		date = a.Date.Format("2 Jan 2006")
	}
	if date == "" {
		return name
	}
	return name + " (" + date + ")"
}

// lesionName names a lesion by code and organ ("T-NEW01 in Liver").
func lesionName(l *Lesion) string {
	name := l.Code
	if name == "" {
		name = l.ID
	}
	if o := strings.TrimSpace(l.Organ); o != "" {
		name += " in " + o
	}
	return name
}

// categoryWord is how a sentence calls a lesion of category c.
func categoryWord(c Category) string {
	switch c {
	case Target:
		return "target"
	case NonTarget:
		return "non-target"
	case New:
		return "new lesion"
	}
	return "lesion"
}

// gapsText lists lesions without a usable measurement, at most three by name:
// "target T02 (Not evaluable) and non-target NT01 (not in this assessment)". plural reports
// whether it names more than one lesion.
func gapsText(gaps []gap) (text string, plural bool) {
	const shown = 3
	items := make([]string, 0, shown+1)
	for k, g := range gaps {
		if k == shown {
			items = append(items, strconv.Itoa(len(gaps)-shown)+" more")
			break
		}
		why := "not in this assessment"
		if g.lesion != nil {
			why = strings.TrimSpace(g.lesion.State)
			if why == "" {
				why = "no value"
			}
		}
		items = append(items, categoryWord(g.cat)+" "+g.code+" ("+why+")")
	}
	return joinList(items), len(gaps) > 1
}

// joinList joins items as English does: "a", "a and b", "a, b and c".
func joinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
