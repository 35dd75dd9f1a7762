package blazesim

import (
	"strconv"

	"github.com/recistview/recistview/data/recist"
)

// Shares of resources that spell the sponsor extension the other way ("both occur").
const (
	reportSponsorIDShare      = 0.15 // DiagnosticReports that say SponsorID instead of SponsorId
	observationSponsorIdShare = 0.05 // Observations that say SponsorId instead of SponsorID
)

// Fixed codings of the payloads, exactly as MSK's examples write them.
const (
	radiologyCategory = `[{"coding":[{"system":"http://hl7.org/fhir/ValueSet/diagnostic-service-sections","code":"RAD","display":"Radiology"}],"text":"Radiology"}]`
	imagingCategory   = `[{"coding":[{"system":"http://hl7.org/fhir/2021Mar/valueset-observation-category.html","code":"imaging","display":"Imaging"}],"text":"Imaging"}]`
)

// study identity as the resources carry it.
type studyInfo struct {
	id        string
	sponsorID string
	seed      int64
}

// renderPatient writes a Patient shaped like fixtures/patient-bundle.json.
func renderPatient(st studyInfo, s *recist.Subject) []byte {
	b := make([]byte, 0, 640)
	b = append(b, `{"resourceType":"Patient","id":`...)
	b = appendString(b, s.ID)
	e := extWriter{b: append(b, `,"extension":[`...)}
	e.str("IDB.Protocol", st.id)
	e.str("Race", s.Race)
	e.str("Ethnicity", s.Ethnicity)
	e.str("SponsorID", st.sponsorID)
	b = append(e.b, `],"identifier":[{"system":"`+sdURL+`SubjectStudyId","value":`...)
	b = appendString(b, s.ID)
	b = append(b, `}],"gender":`...)
	b = appendString(b, s.Sex)
	b = append(b, `,"birthDate":"`...)
	b = strconv.AppendInt(b, int64(s.BirthYear), 10)
	return append(b, `"}`...)
}

// renderGroup writes the study's Group shaped like fixtures/group-bundle.json.
func renderGroup(st studyInfo, subjects []*recist.Subject) []byte {
	b := make([]byte, 0, 160+48*len(subjects))
	b = append(b, `{"resourceType":"Group","identifier":[{"use":"usual","system":"`+sdURL+`IDB.Protocol","value":`...)
	b = appendString(b, st.id)
	b = append(b, `}],"type":"person","member":[`...)
	for i, s := range subjects {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"entity":{"reference":`...)
		b = appendString(b, "Patient/"+s.ID)
		b = append(b, `}}`...)
	}
	return append(b, `]}`...)
}

// renderReport writes one assessment as a DiagnosticReport shaped like
// fixtures/diagnosticreport-bundle.json, from the assessment's Reported values.
func renderReport(st studyInfo, subjectID string, a *recist.Assessment) []byte {
	b := make([]byte, 0, 2200+160*len(a.Lesions))
	e := extWriter{b: append(b, `{"resourceType":"DiagnosticReport","extension":[`...)}
	e.str("IDB.Protocol", st.id)
	if shareOf(st.seed, "report-sponsor/"+st.id+"/"+a.ID) < reportSponsorIDShare {
		e.str("SponsorID", st.sponsorID)
	} else {
		e.str("SponsorId", st.sponsorID)
	}
	e.integer("CaseId", *a.CaseID)
	e.str("TrialName", st.id)
	e.str("TrialArmName", a.Criteria)
	e.integer("RevisionNumber", *a.CaseRevision)
	if a.RevisionDate != "" {
		e.dateTime("RevisionDate", a.RevisionDate)
	}
	e.integer("RevisionNumber", *a.AssessmentRevision)
	e.str("Name", a.Name)
	e.integer("Timepoint", a.Timepoint)
	e.str("CumulativeQuantityId", "targetsum")
	if a.Reported.TargetSum != nil {
		e.number("CurrentValue", *a.Reported.TargetSum)
	}
	e.str("Unit", a.Reported.Unit)
	e.str("ChangeFromPrevious", changeText(a.Reported.ChangeFromPrevious))
	e.str("ChangeFromBaseline", changeText(a.Reported.ChangeFromBaseline))
	e.str("ChangeFromNadir", changeText(a.Reported.ChangeFromNadir))
	b = append(e.b, `],"identifier":[{"system":"`+sdURL+`AssessmentId","value":`...)
	b = appendString(b, a.ID)
	b = append(b, `}],"status":"final","category":`+radiologyCategory+`,"subject":{"reference":`...)
	b = appendString(b, "Patient/"+subjectID)
	b = append(b, `},"effectiveDateTime":`...)
	b = appendString(b, a.DateText)
	b = append(b, `,"result":[`...)
	for i, l := range a.Lesions {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"reference":`...)
		b = appendString(b, lesionReference(st.id, l.ID))
		b = append(b, `,"display":`...)
		b = appendString(b, l.ID)
		b = append(b, '}')
	}
	b = append(b, `],"conclusion":`...)
	b = appendString(b, a.Reported.Conclusion)
	return append(b, '}')
}

// lesionReference is how a DiagnosticReport result points at its lesion: a search URL.
func lesionReference(study, lesionID string) string {
	return "Observation?researchstudy=" + study + "&category=imaging&id=" + lesionID
}

// lesionChanges are a lesion's changes from its previous, first and smallest earlier size.
type lesionChanges struct{ previous, baseline, nadir *float64 }

// renderObservation writes one lesion at one assessment as an Observation shaped like
// fixtures/observation-imaging-bundle.json, with valueQuantity when a size was recorded.
func renderObservation(st studyInfo, subjectID string, l *recist.Lesion, ch lesionChanges) []byte {
	b := make([]byte, 0, 2000)
	e := extWriter{b: append(b, `{"resourceType":"Observation","extension":[`...)}
	e.str("IDB.Protocol", st.id)
	if shareOf(st.seed, "observation-sponsor/"+st.id+"/"+l.ID) < observationSponsorIdShare {
		e.str("SponsorId", st.sponsorID)
	} else {
		e.str("SponsorID", st.sponsorID)
	}
	e.str("Organ", l.Organ)
	e.str("Category", l.CategoryText)
	e.str("State", l.State)
	e.integer("SeriesNumber", *l.Series)
	e.str("SeriesDescription", l.SeriesDesc)
	e.integer("InstanceNumber", *l.Instance)
	e.str("Modality", l.Modality)
	e.str("Label", l.Label)
	e.str("ChangeFromPrevious", changeText(ch.previous))
	e.str("ChangeFromBaseline", changeText(ch.baseline))
	e.str("ChangeFromNadir", changeText(ch.nadir))
	b = append(e.b, `],"identifier":[{"system":"`+sdURL+`LesionIdentifier","value":`...)
	b = appendString(b, l.ID)
	b = append(b, `}],"status":"final","category":`+imagingCategory+`,"subject":{"reference":`...)
	b = appendString(b, "Patient/"+subjectID)
	b = append(b, `},"effectiveDateTime":`...)
	b = appendString(b, l.DateText)
	if l.Value != nil {
		b = append(b, `,"valueQuantity":{"value":`...)
		b = appendDecimal(b, *l.Value)
		b = append(b, `,"unit":"mm","system":"http://unitsofmeasure.org","code":"mm"}`...)
	}
	return append(b, '}')
}

// lesionHistory tracks the sizes of a subject's lesions across assessments, for the per-lesion
// change extensions. Disappeared lesions count 0 mm; unmeasured states are unknown.
type lesionHistory struct {
	first, prev map[string]*float64
	nadir       map[string]float64
	seen        map[string]bool
}

func newLesionHistory() *lesionHistory {
	return &lesionHistory{
		first: map[string]*float64{}, prev: map[string]*float64{},
		nadir: map[string]float64{}, seen: map[string]bool{},
	}
}

// next returns the changes of l against the earlier assessments and records l. The first
// time a lesion is seen every change is "--", as in MSK's example.
func (h *lesionHistory) next(l *recist.Lesion) lesionChanges {
	var cur *float64
	switch {
	case l.Value != nil:
		v := *l.Value
		cur = &v
	case l.State == recist.StateDisappeared:
		z := 0.0
		cur = &z
	}
	var ch lesionChanges
	code := l.Code
	if h.seen[code] && cur != nil {
		if p := h.prev[code]; p != nil {
			ch.previous = diff(*cur, *p)
		}
		if f := h.first[code]; f != nil {
			ch.baseline = diff(*cur, *f)
		}
		if n, ok := h.nadir[code]; ok {
			ch.nadir = diff(*cur, n)
		}
	}
	if !h.seen[code] {
		h.first[code] = cur
	}
	h.seen[code] = true
	h.prev[code] = cur
	if cur != nil {
		if n, ok := h.nadir[code]; !ok || *cur < n {
			h.nadir[code] = *cur
		}
	}
	return ch
}

func diff(a, b float64) *float64 {
	d := round1(a - b)
	return &d
}
