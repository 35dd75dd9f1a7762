// Package export writes a loaded, evaluated study in the formats of the `recist` CLI contract
// (docs/cli.md): one JSON document, or CSV with one row per lesion per assessment. The GUI's
// export uses the same writers, so a file saved from either is the same.
package export

import (
	"encoding/json"
	"io"
	"math"
	"time"

	"github.com/recistview/recistview/data/recist"
)

// Input is what is exported: a study with its evaluation (Results parallel to Study.Subjects).
type Input struct {
	Study     *recist.Study
	Results   []recist.SubjectResult
	Server    string
	FetchedAt time.Time
}

// Document is the JSON document of the CLI contract.
type Document struct {
	Study     string    `json:"study"`
	Server    string    `json:"server"`
	FetchedAt string    `json:"fetchedAt"`
	Subjects  []Subject `json:"subjects"`
}

// Subject is one subject in the JSON document.
type Subject struct {
	ID                  string          `json:"id"`
	Sex                 string          `json:"sex"`
	BirthYear           *int            `json:"birthYear"`
	Race                string          `json:"race"`
	Ethnicity           string          `json:"ethnicity"`
	BestOverallResponse recist.Response `json:"bestOverallResponse"`
	Assessments         []Assessment    `json:"assessments"`
	// Discrepancies not tied to one assessment.
	Discrepancies []string `json:"discrepancies,omitempty"`
}

// Assessment is one response assessment in the JSON document.
type Assessment struct {
	ID                 string   `json:"id"`
	CaseID             *int     `json:"caseId"`
	Name               string   `json:"name"`
	Timepoint          *int     `json:"timepoint"`
	Date               string   `json:"date"`
	CaseRevision       *int     `json:"caseRevision"`
	AssessmentRevision *int     `json:"assessmentRevision"`
	Reported           Reported `json:"reported"`
	Computed           Computed `json:"computed"`
	Discrepancies      []string `json:"discrepancies"`
	Lesions            []Lesion `json:"lesions"`
	MissingLesions     []string `json:"missingLesions,omitempty"`
	Inferred           bool     `json:"inferred,omitempty"`
}

// Reported is what the server reported for an assessment.
type Reported struct {
	TargetSum          *float64        `json:"targetSum"`
	Unit               string          `json:"unit"`
	ChangeFromBaseline *float64        `json:"changeFromBaseline"`
	ChangeFromPrevious *float64        `json:"changeFromPrevious"`
	ChangeFromNadir    *float64        `json:"changeFromNadir"`
	Response           recist.Response `json:"response"`
	Conclusion         string          `json:"conclusion"`
}

// Computed is the RECIST 1.1 recomputation of an assessment.
type Computed struct {
	TargetSum         *float64        `json:"targetSum"`
	PctFromBaseline   *float64        `json:"pctFromBaseline"`
	PctFromNadir      *float64        `json:"pctFromNadir"`
	TargetResponse    recist.Response `json:"targetResponse"`
	NonTargetResponse recist.Response `json:"nonTargetResponse"`
	NewLesions        bool            `json:"newLesions"`
	Response          recist.Response `json:"response"`
}

// Lesion is one lesion measurement in the JSON document.
type Lesion struct {
	ID       string   `json:"id"`
	Code     string   `json:"code"`
	Category string   `json:"category"`
	Organ    string   `json:"organ"`
	Nodal    bool     `json:"nodal"`
	State    string   `json:"state"`
	Value    *float64 `json:"value"`
	Unit     string   `json:"unit"`
	Modality string   `json:"modality"`
	Label    string   `json:"label"`
	Series   *int     `json:"series"`
	Instance *int     `json:"instance"`
}

// Build turns the input into the JSON document.
func Build(in Input) Document {
	doc := Document{Study: in.Study.ID, Server: in.Server, FetchedAt: in.FetchedAt.UTC().Format(time.RFC3339), Subjects: []Subject{}}
	for i, s := range in.Study.Subjects {
		var res recist.SubjectResult
		if i < len(in.Results) {
			res = in.Results[i]
		}
		doc.Subjects = append(doc.Subjects, buildSubject(s, res))
	}
	return doc
}

func buildSubject(s *recist.Subject, res recist.SubjectResult) Subject {
	out := Subject{ID: s.ID, Sex: s.Sex, Race: s.Race, Ethnicity: s.Ethnicity, BestOverallResponse: res.BestResponse, Assessments: []Assessment{}}
	if s.BirthYear != 0 {
		y := s.BirthYear
		out.BirthYear = &y
	}
	byAssessment := map[string][]string{}
	for _, d := range res.Discrepancies {
		if d.AssessmentID == "" {
			out.Discrepancies = append(out.Discrepancies, d.Text)
			continue
		}
		byAssessment[d.AssessmentID] = append(byAssessment[d.AssessmentID], d.Text)
	}
	for j, a := range s.Assessments {
		var c recist.Computed
		if j < len(res.Timepoints) {
			c = res.Timepoints[j]
		}
		oa := Assessment{
			ID: a.ID, CaseID: a.CaseID, Name: a.Name, Date: a.DateText,
			CaseRevision: a.CaseRevision, AssessmentRevision: a.AssessmentRevision,
			Reported: Reported{
				TargetSum: round1(a.Reported.TargetSum), Unit: a.Reported.Unit,
				ChangeFromBaseline: round1(a.Reported.ChangeFromBaseline), ChangeFromPrevious: round1(a.Reported.ChangeFromPrevious),
				ChangeFromNadir: round1(a.Reported.ChangeFromNadir), Response: a.Reported.Response, Conclusion: a.Reported.Conclusion,
			},
			Computed: Computed{
				TargetSum: round1(c.TargetSum), PctFromBaseline: round1(c.PctFromBaseline), PctFromNadir: round1(c.PctFromNadir),
				TargetResponse: c.TargetResponse, NonTargetResponse: c.NonTargetResponse, NewLesions: c.NewLesions, Response: c.Response,
			},
			Discrepancies:  byAssessment[a.ID],
			Lesions:        []Lesion{},
			MissingLesions: a.MissingLesions,
			Inferred:       a.Inferred(),
		}
		if oa.Discrepancies == nil {
			oa.Discrepancies = []string{}
		}
		if a.Timepoint >= 0 {
			tp := a.Timepoint
			oa.Timepoint = &tp
		}
		for _, l := range a.Lesions {
			oa.Lesions = append(oa.Lesions, Lesion{
				ID: l.ID, Code: l.Code, Category: categoryText(l), Organ: l.Organ, Nodal: l.Nodal, State: l.State,
				Value: l.Value, Unit: l.Unit, Modality: l.Modality, Label: l.Label, Series: l.Series, Instance: l.Instance,
			})
		}
		out.Assessments = append(out.Assessments, oa)
	}
	return out
}

// categoryText is the contract's category ("target", "non-target", "new"), or the server's own
// text for a category the model does not know.
func categoryText(l *recist.Lesion) string {
	if l.Category != "" {
		return string(l.Category)
	}
	return l.CategoryText
}

// round1 rounds to 0.1, the precision the server reports in; nil stays nil.
func round1(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := math.Round(*v*10) / 10
	return &r
}

// JSON writes the document, indented.
func JSON(w io.Writer, in Input) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(Build(in))
}
