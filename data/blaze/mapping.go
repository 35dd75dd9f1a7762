package blaze

import (
	"strings"

	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/recist"
)

// report is a mapped DiagnosticReport before lesions are joined.
type report struct {
	subject   string
	a         recist.Assessment // Lesions and MissingLesions are filled in by Study
	lesionIDs []string          // from result[], in order
	refs      []string          // the result[] references, parallel to lesionIDs
	revision  [2]int            // case, assessment revision, for choosing among duplicates
}

// lesion is a mapped imaging Observation.
type lesion struct {
	subject string
	key     LesionKey
	l       *recist.Lesion
}

// mapReport maps one DiagnosticReport. Extensions are found by name, never by position, except
// that the two RevisionNumber extensions share a URL and are told apart by order.
func mapReport(raw []byte) (*report, error) {
	dr, err := fhir.DecodeDiagnosticReport(raw) // encoding/json's result and error, faster
	if err != nil {
		return nil, err
	}
	r := &report{}
	a := &r.a
	a.Raw = raw
	a.ID = fhir.IdentifierValue(dr.Identifier, "#AssessmentId")
	if a.ID == "" {
		a.ID = dr.ID
	}
	if dr.Subject != nil {
		r.subject = SubjectID(dr.Subject.Reference)
	}
	a.DateText = dr.EffectiveDateTime
	a.Date, _ = ParseDate(dr.EffectiveDateTime)
	a.Reported.Conclusion = dr.Conclusion
	a.Reported.Response = recist.ParseConclusion(dr.Conclusion)
	a.Timepoint = -1
	extra := map[string]string{}
	revisions := 0
	for _, e := range dr.Extension {
		name := e.Name()
		switch extKey(name) {
		case "idb.protocol", "sponsorid", "trialname":
			extra[name] = e.Text()
		case "caseid":
			if v, ok := e.Int(); ok {
				a.CaseID = &v
			} else {
				extra[name] = e.Text()
			}
		case "trialarmname":
			a.Criteria = e.Text()
		case "revisionnumber":
			revisions++
			v, ok := e.Int()
			switch {
			case !ok:
				extra[name] = e.Text()
			case revisions == 1:
				a.CaseRevision, r.revision[0] = &v, v
			case revisions == 2:
				a.AssessmentRevision, r.revision[1] = &v, v
			default:
				extra[name] = e.Text()
			}
		case "revisiondate":
			a.RevisionDate = e.Text()
		case "name":
			a.Name = e.Text()
		case "timepoint":
			if v, ok := e.Int(); ok && v >= 0 {
				a.Timepoint = v
			} else {
				extra[name] = e.Text()
			}
		case "currentvalue":
			if v, ok := e.Float(); ok && plausibleMM(v) {
				a.Reported.TargetSum = &v
			} else {
				extra[name] = e.Text()
			}
		case "unit":
			a.Reported.Unit = e.Text()
		case "changefromprevious":
			a.Reported.ChangeFromPrevious = change(e, extra)
		case "changefrombaseline":
			a.Reported.ChangeFromBaseline = change(e, extra)
		case "changefromnadir":
			a.Reported.ChangeFromNadir = change(e, extra)
		default:
			extra[name] = e.Text()
		}
	}
	if a.Timepoint < 0 && strings.EqualFold(strings.TrimSpace(a.Name), "baseline") {
		a.Timepoint = 0
	}
	if a.Name == "" {
		a.Name = "Assessment " + a.ID
	}
	if len(extra) > 0 {
		a.Extra = extra
	}
	for _, res := range dr.Result {
		if id := ResultLesionID(res.Reference, res.Display); id != "" {
			r.lesionIDs = append(r.lesionIDs, id)
			r.refs = append(r.refs, res.Reference)
		}
	}
	return r, nil
}

// change parses a change string; "--" is "not applicable" and anything unreadable is kept in
// extra under the extension's name.
func change(e fhir.Extension, extra map[string]string) *float64 {
	t := e.Text()
	if v, ok := ParseChange(t); ok {
		return &v
	}
	if strings.Trim(strings.TrimSpace(t), "-") != "" {
		extra[e.Name()] = t
	}
	return nil
}

// mapLesion maps one imaging Observation.
func mapLesion(raw []byte) (*lesion, error) {
	o, err := fhir.DecodeObservation(raw) // encoding/json's result and error, faster
	if err != nil {
		return nil, err
	}
	l := &recist.Lesion{Raw: raw, DateText: o.EffectiveDateTime}
	l.ID = fhir.IdentifierValue(o.Identifier, "#LesionIdentifier")
	if l.ID == "" {
		l.ID = o.ID
	}
	key, _ := ParseLesionID(l.ID)
	l.Code = key.Code
	extra := map[string]string{}
	for _, e := range o.Extension {
		name := e.Name()
		switch extKey(name) {
		case "organ":
			l.Organ = e.Text()
		case "category":
			l.CategoryText = e.Text()
			if c, ok := recist.ParseCategory(l.CategoryText); ok {
				l.Category = c
			}
		case "state":
			l.State = e.Text()
		case "seriesnumber":
			l.Series = intOrExtra(e, extra)
		case "instancenumber":
			l.Instance = intOrExtra(e, extra)
		case "seriesdescription":
			l.SeriesDesc = e.Text()
		case "modality":
			l.Modality = e.Text()
		case "label":
			l.Label = e.Text()
		default:
			extra[name] = e.Text()
		}
	}
	if v, ok := o.ValueQuantity.Float(); ok && plausibleMM(v) {
		l.Value = &v
		l.Unit = o.ValueQuantity.Unit
		if l.Unit == "" {
			l.Unit = o.ValueQuantity.Code
		}
	} else if ok {
		extra["valueQuantity"] = o.ValueQuantity.Value.String()
	}
	l.Nodal = recist.IsNodal(l.Organ)
	if len(extra) > 0 {
		l.Extra = extra
	}
	out := &lesion{key: key, l: l}
	if o.Subject != nil {
		out.subject = SubjectID(o.Subject.Reference)
	}
	return out, nil
}

// maxMM bounds a measurement or a target sum, as ParseChange bounds a change: a larger number
// is a data error, kept as text, and would make sums overflow to infinity.
const maxMM = 1e6

// plausibleMM reports whether v (a finite number, from Extension.Float or Quantity.Float) is
// within ±maxMM.
func plausibleMM(v float64) bool { return v >= -maxMM && v <= maxMM }

func intOrExtra(e fhir.Extension, extra map[string]string) *int {
	if v, ok := e.Int(); ok {
		return &v
	}
	if t := e.Text(); t != "" {
		extra[e.Name()] = t
	}
	return nil
}

// mapPatient maps one Patient into a subject without assessments.
func mapPatient(raw []byte) (*recist.Subject, error) {
	p, err := fhir.DecodePatient(raw) // encoding/json's result and error, faster
	if err != nil {
		return nil, err
	}
	s := &recist.Subject{ID: p.ID, Sex: p.Gender, Raw: raw}
	if s.ID == "" {
		s.ID = fhir.IdentifierValue(p.Identifier, "#SubjectStudyId")
	}
	s.BirthYear, _ = ParseBirthYear(p.BirthDate)
	s.Race = p.Extension.Text("Race")
	s.Ethnicity = p.Extension.Text("Ethnicity")
	return s, nil
}

// blazeNames are the extension names Blaze writes, mapped to the lower-case keys the mapping
// switches on, so the common case costs a map lookup rather than an allocation per extension.
var blazeNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{"IDB.Protocol", "SponsorId", "SponsorID", "CaseId", "TrialName", "TrialArmName",
		"RevisionNumber", "RevisionDate", "Name", "Timepoint", "CumulativeQuantityId", "CurrentValue", "Unit",
		"ChangeFromPrevious", "ChangeFromBaseline", "ChangeFromNadir", "Organ", "Category", "State",
		"SeriesNumber", "SeriesDescription", "InstanceNumber", "Modality", "Label", "Race", "Ethnicity"} {
		m[n] = strings.ToLower(n)
	}
	return m
}()

// extKey is an extension name's lower-case key (names are matched case-insensitively).
func extKey(name string) string {
	if k, ok := blazeNames[name]; ok {
		return k
	}
	return strings.ToLower(name)
}
