package blazesim

import (
	"slices"
	"strings"
	"sync"

	"github.com/recistview/recistview/data/recist"
)

// resource is a searchable resource type of the FHIR base.
type resource int

const (
	resReport resource = iota
	resObservation
	resPatient
	resGroup
	numResources
)

// entry is one pre-serialised resource: the id a search by id matches and its compact JSON.
type entry struct {
	id   string
	body []byte
}

// studyData is everything served for one study, built once and read-only afterwards.
type studyData struct {
	spec StudySpec
	// lists are the search results per resource type, in the order served.
	lists [numResources][]entry
	// pages holds verbatim first-page bodies (the FHIR-T fixtures), nil for generated studies.
	pages [numResources][]byte
	// byID indexes lists by entry id, for searches by id and reads.
	byID  [numResources]map[string][]entry
	truth *Truth
}

// index builds byID from lists; call it once the lists are complete.
func (d *studyData) index() *studyData {
	for kind, list := range d.lists {
		d.byID[kind] = make(map[string][]entry, len(list))
		for _, e := range list {
			d.byID[kind][e.id] = append(d.byID[kind][e.id], e)
		}
	}
	return d
}

// find returns the entries of kind whose id is id (several for a duplicated Observation).
func (d *studyData) find(kind resource, id string) []entry { return d.byID[kind][id] }

// study is one configured study with its lazily generated data.
type study struct {
	spec StudySpec
	once sync.Once
	data *studyData
}

// load returns the study's data, generating it on first use.
func (st *study) load(seed int64, wrongShare float64) *studyData {
	st.once.Do(func() {
		if st.spec.Kind == Fixture {
			st.data = loadFixtureStudy(st.spec)
		} else {
			st.data = generateStudy(seed, st.spec, wrongShare)
		}
	})
	return st.data
}

// renderStudy serialises a generated study: Patients by id, DiagnosticReports by assessment id,
// Observations by assessment id then lesion code (a few served twice), and the Group.
func renderStudy(seed int64, spec StudySpec, t *Truth) *studyData {
	d := &studyData{spec: spec, truth: t}
	info := studyInfo{id: spec.ID, sponsorID: spec.SponsorID, seed: seed}
	type lesionAt struct {
		assessment string
		l          *recist.Lesion
		body       []byte
	}
	var reports []*recist.Assessment
	var lesions []lesionAt
	for _, s := range t.Study.Subjects {
		s.Raw = renderPatient(info, s)
		d.lists[resPatient] = append(d.lists[resPatient], entry{id: s.ID, body: s.Raw})
		h := newLesionHistory()
		for _, a := range s.Assessments {
			a.Raw = renderReport(info, s.ID, a)
			reports = append(reports, a)
			for _, l := range a.Lesions {
				l.Raw = renderObservation(info, s.ID, l, h.next(l))
				lesions = append(lesions, lesionAt{assessment: a.ID, l: l, body: l.Raw})
			}
		}
	}
	slices.SortStableFunc(reports, func(x, y *recist.Assessment) int { return compareNumeric(x.ID, y.ID) })
	for _, a := range reports {
		d.lists[resReport] = append(d.lists[resReport], entry{id: a.ID, body: a.Raw})
	}
	slices.SortStableFunc(lesions, func(x, y lesionAt) int {
		if c := compareNumeric(x.assessment, y.assessment); c != 0 {
			return c
		}
		return strings.Compare(x.l.Code, y.l.Code)
	})
	dup := duplicates(newRNG(seed, spec.ID, streamDuplicate), len(lesions))
	for i, x := range lesions {
		e := entry{id: x.l.ID, body: x.body}
		d.lists[resObservation] = append(d.lists[resObservation], e)
		if dup[i] {
			d.lists[resObservation] = append(d.lists[resObservation], e)
			t.Duplicates = append(t.Duplicates, x.l.ID)
		}
	}
	if len(t.Study.Subjects) > 0 {
		d.lists[resGroup] = []entry{{id: spec.ID, body: renderGroup(info, t.Study.Subjects)}}
	}
	return d.index()
}

// duplicates picks which of n Observations are served twice: duplicateShare of them, at least
// one when there are any.
func duplicates(r *rng, n int) map[int]bool {
	out := map[int]bool{}
	if n == 0 {
		return out
	}
	k := max(1, int(float64(n)*duplicateShare+0.5))
	for _, i := range r.Perm(n)[:k] {
		out[i] = true
	}
	return out
}
