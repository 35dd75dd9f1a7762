package recist

import "time"

// served stands for the DiagnosticReport a test assessment was read from.
var served = []byte(`{"resourceType":"DiagnosticReport"}`)

// day0 is the baseline date of test subjects.
var day0 = time.Date(2024, 1, 8, 0, 0, 0, 0, time.UTC)

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }

// tgt is a non-nodal target measuring v mm.
func tgt(code string, v float64) *Lesion {
	return &Lesion{Code: code, Category: Target, Organ: "Liver", State: StatePresent, Value: fp(v), Unit: "mm"}
}

// node is a nodal target with short axis v mm.
func node(code string, v float64) *Lesion {
	l := tgt(code, v)
	l.Organ, l.Nodal = "Lymph node mediastinal", true
	return l
}

// tgtState is a non-nodal target without a value, in state.
func tgtState(code, state string) *Lesion {
	return &Lesion{Code: code, Category: Target, Organ: "Liver", State: state}
}

// nt is a non-nodal non-target lesion in state.
func nt(code, state string) *Lesion {
	return &Lesion{Code: code, Category: NonTarget, Organ: "Bone", State: state}
}

// ntNode is a nodal non-target with short axis v mm.
func ntNode(code string, v float64) *Lesion {
	return &Lesion{Code: code, Category: NonTarget, Organ: "Lymph node axillary", Nodal: true, State: StatePresent, Value: fp(v)}
}

// newLesion is a non-nodal new lesion in state.
func newLesion(code, state string) *Lesion {
	return &Lesion{Code: code, Category: New, Organ: "Liver", State: state}
}

// newNode is a nodal new lesion with an optional value.
func newNode(code, state string, v *float64) *Lesion {
	return &Lesion{Code: code, Category: New, Organ: "Lymph node cervical", Nodal: true, State: state, Value: v}
}

// baseline is a baseline assessment on day0.
func baseline(lesions ...*Lesion) *Assessment {
	return &Assessment{ID: "A0", Name: "Baseline", Timepoint: 0, Date: day0, Reported: Reported{Conclusion: "No"}, Lesions: lesions, Raw: served}
}

// followUp is follow-up n, day days after day0, reporting rep.
func followUp(n, day int, rep Response, lesions ...*Lesion) *Assessment {
	return &Assessment{
		ID:        "A" + itoa(n),
		Name:      "Follow-up " + itoa(n),
		Timepoint: n,
		Date:      day0.AddDate(0, 0, day),
		Reported:  Reported{Response: rep, Conclusion: ConclusionText(rep)},
		Lesions:   lesions,
		Raw:       served,
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// subject is a subject with the given assessments.
func subject(as ...*Assessment) *Subject { return &Subject{ID: "S1", Assessments: as} }

// inCase puts every assessment in case id.
func inCase(id int, as ...*Assessment) []*Assessment {
	for _, a := range as {
		a.CaseID = ip(id)
	}
	return as
}

// only evaluates a baseline and one follow-up, without confirmation, and returns the follow-up.
func only(base, fu *Assessment) Computed {
	r := Evaluate(subject(base, fu), Options{})
	return r.Timepoints[1]
}

// f2s formats an optional figure for messages.
func f2s(p *float64) string {
	if p == nil {
		return "nil"
	}
	return num(*p)
}

// eqf reports whether an optional figure equals want (nil when want is nil).
func eqf(p, want *float64) bool {
	if p == nil || want == nil {
		return p == nil && want == nil
	}
	return round1(*p) == round1(*want)
}
