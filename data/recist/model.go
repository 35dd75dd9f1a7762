// Package recist holds the domain model of a RECIST 1.1 study — study, subject, response
// assessment, lesion — and the rules that recompute each assessment's response from its lesion
// measurements and audit it against what the server reported.
//
// The package is pure Go with no I/O. The rules follow Eisenhauer et al., "New response
// evaluation criteria in solid tumours: Revised RECIST guideline (version 1.1)", Eur J Cancer
// 2009;45:228-247, as summarised in the project's recist-1.1.md.
package recist

import "time"

// Response is a RECIST 1.1 response code. The zero value means no response applies
// (a baseline, or a server conclusion of "No" or "Undefined").
type Response string

// The response codes, exactly as the CLI's JSON contract prints them.
const (
	None       Response = ""
	CR         Response = "CR"
	PR         Response = "PR"
	SD         Response = "SD"
	NonCRNonPD Response = "NON-CR/NON-PD"
	PD         Response = "PD"
	NE         Response = "NE"
)

// Category is the role of a lesion in the assessment.
type Category string

// Lesion categories. Unknown server values are kept in Lesion.CategoryText.
const (
	Target    Category = "target"
	NonTarget Category = "non-target"
	New       Category = "new"
)

// Lesion states as Blaze spells them (the State extension). Other values are kept verbatim.
const (
	StatePresent      = "Present"
	StateDefined      = "Defined"
	StateStable       = "Stable/Improved"
	StateDisappeared  = "Disappeared"
	StateUndefined    = "Undefined"
	StateUnequivocal  = "Uneqv. prog."
	StateNotEvaluable = "Not evaluable"
	StateNotAssessed  = "Not assessed"
	StateTooSmall     = "Too small"
)

// Study is one research protocol as loaded from the server.
type Study struct {
	// ID is the MSK study number (IDB.Protocol), as the user typed it.
	ID string
	// SponsorID is the sponsor's study number, when the server gave one.
	SponsorID string
	// Subjects are ordered by subject id.
	Subjects []*Subject
}

// Subject is one enrolled patient. A subject listed by the study's Group or Patient search is
// kept even when no assessment has been served for it.
type Subject struct {
	ID        string
	Sex       string // FHIR gender as served ("male", "female", ...), "" when unknown
	BirthYear int    // 0 when unknown
	Race      string
	Ethnicity string
	// InGroup reports whether the study's Group lists this subject.
	InGroup bool
	// Assessments are ordered by timepoint, then date.
	Assessments []*Assessment
	// Raw is the Patient resource as the server sent it, or nil.
	Raw []byte
}

// Assessment is one RECIST response assessment (a FHIR DiagnosticReport) with its lesions.
type Assessment struct {
	ID                 string // AssessmentId identifier
	CaseID             *int   // response case; one case spans a subject's assessments
	Name               string // "Baseline", "Follow-up N", or what the server said
	Timepoint          int    // 0 = baseline; -1 when unknown (an inferred assessment)
	Date               time.Time
	DateText           string // effectiveDateTime as served
	CaseRevision       *int
	AssessmentRevision *int
	RevisionDate       string
	Criteria           string // TrialArmName, e.g. "RECIST 1.1"
	Reported           Reported
	// Lesions measured at this assessment, in the order the report lists them.
	Lesions []*Lesion
	// MissingLesions are lesion identifiers the report references but the server did not serve.
	MissingLesions []string
	// Extra keeps every server value the model has no field for, or could not parse, as text
	// keyed by extension name, so nothing the server sent is dropped.
	Extra map[string]string
	// Raw is the DiagnosticReport resource as the server sent it, or nil when the assessment
	// was inferred from lesions whose report was not served.
	Raw []byte
}

// Inferred reports whether the assessment was built from lesions alone because the server did
// not serve its report.
func (a *Assessment) Inferred() bool { return a.Raw == nil }

// IsBaseline reports whether the assessment is the subject's baseline.
func (a *Assessment) IsBaseline() bool { return a.Timepoint == 0 }

// Reported is what the server reported for an assessment. Nil pointers are values the server
// did not give.
type Reported struct {
	TargetSum          *float64
	Unit               string
	ChangeFromBaseline *float64 // mm
	ChangeFromPrevious *float64 // mm
	ChangeFromNadir    *float64 // mm
	// Response is Conclusion mapped to a response code, None where none applies.
	Response Response
	// Conclusion is the server's text, verbatim.
	Conclusion string
}

// Lesion is one lesion at one assessment (a FHIR Observation, category imaging).
type Lesion struct {
	ID           string // {CaseId}-{AssessmentId}-{code}
	Code         string // T01, NT01a, ...
	Category     Category
	CategoryText string // the server's Category value, verbatim
	Organ        string
	Nodal        bool
	State        string
	Value        *float64 // the measurement, nil where none was recorded
	Unit         string
	Modality     string
	Label        string
	SeriesDesc   string
	Series       *int
	Instance     *int
	DateText     string
	// Extra keeps server values without a field (e.g. the lesion's ChangeFromBaseline) or that
	// could not be parsed, as text keyed by extension name.
	Extra map[string]string
	// Raw is the Observation resource as the server sent it.
	Raw []byte
}

// Options are the protocol settings that change how best overall response is derived.
type Options struct {
	// Confirm requires CR and PR to be confirmed by a later assessment (non-randomised trials).
	Confirm bool
	// ConfirmDays is the minimum interval to the confirming assessment.
	ConfirmDays int
	// SDMinDays is the minimum time after baseline for SD (and Non-CR/Non-PD) to count.
	SDMinDays int
}

// DefaultOptions returns confirmation on, 28 days, and SD counted from 42 days.
func DefaultOptions() Options { return Options{Confirm: true, ConfirmDays: 28, SDMinDays: 42} }

// Computed is the recomputation of one assessment from its lesion measurements.
// Nil pointers are figures that cannot be derived from what was served.
type Computed struct {
	TargetSum         *float64
	PctFromBaseline   *float64
	PctFromNadir      *float64
	TargetResponse    Response
	NonTargetResponse Response
	NewLesions        bool
	Response          Response
}

// Discrepancy is one disagreement between what the server reported and what the rules give,
// or a gap in the data that stops the rules from being applied.
type Discrepancy struct {
	AssessmentID string
	Kind         DiscrepancyKind
	// Text is a sentence a coordinator understands.
	Text string
}

// DiscrepancyKind classifies a Discrepancy.
type DiscrepancyKind string

// Discrepancy kinds.
const (
	KindResponse  DiscrepancyKind = "response"   // reported response differs from computed
	KindTargetSum DiscrepancyKind = "target-sum" // reported target sum differs from the lesions'
	KindSequence  DiscrepancyKind = "sequence"   // an implausible sequence, e.g. CR then PR
	KindMissing   DiscrepancyKind = "missing"    // data needed by the rules was not served
)

// SubjectResult is the evaluation of one subject.
type SubjectResult struct {
	// Timepoints has one entry per Subject.Assessments, in the same order.
	Timepoints []Computed
	// BestResponse is the computed best overall response.
	BestResponse Response
	// ReportedBestResponse is the best overall response derived from the reported responses
	// with the same rules.
	ReportedBestResponse Response
	// BestPctChange is the largest decrease (most negative % change of the target sum from
	// baseline) after baseline, for the waterfall plot.
	BestPctChange *float64
	// Discrepancies in assessment order.
	Discrepancies []Discrepancy
	// TimeToResponseDays is the number of days from the baseline to the first timepoint that
	// counts as CR or PR for BestResponse (so, under confirmation, the first confirmed one);
	// nil without a response.
	TimeToResponseDays *int
	// DurationOfResponseDays is the number of days from that first response to the first PD
	// after it; nil without a response or while the response lasts.
	DurationOfResponseDays *int
	// TimeToProgressionDays is the number of days from the baseline to the first computed PD;
	// nil without progression.
	TimeToProgressionDays *int
}
