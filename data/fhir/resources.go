package fhir

import "strings"

// DiagnosticReport is the part of a FHIR DiagnosticReport Blaze uses for one RECIST response
// assessment; most of its content is in Extension.
type DiagnosticReport struct {
	ResourceType      string            `json:"resourceType"`
	ID                string            `json:"id,omitempty"`
	Extension         Extensions        `json:"extension,omitempty"`
	Identifier        []Identifier      `json:"identifier,omitempty"`
	Status            string            `json:"status,omitempty"`
	Category          []CodeableConcept `json:"category,omitempty"`
	Subject           *Reference        `json:"subject,omitempty"`
	EffectiveDateTime string            `json:"effectiveDateTime,omitempty"`
	Result            []Reference       `json:"result,omitempty"`
	Conclusion        string            `json:"conclusion,omitempty"`
}

// Observation is the part of a FHIR Observation Blaze uses for one lesion at one assessment.
type Observation struct {
	ResourceType      string            `json:"resourceType"`
	ID                string            `json:"id,omitempty"`
	Extension         Extensions        `json:"extension,omitempty"`
	Identifier        []Identifier      `json:"identifier,omitempty"`
	Status            string            `json:"status,omitempty"`
	Category          []CodeableConcept `json:"category,omitempty"`
	Subject           *Reference        `json:"subject,omitempty"`
	EffectiveDateTime string            `json:"effectiveDateTime,omitempty"`
	ValueQuantity     *Quantity         `json:"valueQuantity,omitempty"`
}

// Patient is the part of a FHIR Patient Blaze serves for a study subject.
type Patient struct {
	ResourceType string       `json:"resourceType"`
	ID           string       `json:"id,omitempty"`
	Extension    Extensions   `json:"extension,omitempty"`
	Identifier   []Identifier `json:"identifier,omitempty"`
	Gender       string       `json:"gender,omitempty"`
	BirthDate    string       `json:"birthDate,omitempty"`
}

// Group is a FHIR Group listing a study's subjects.
type Group struct {
	ResourceType string        `json:"resourceType"`
	ID           string        `json:"id,omitempty"`
	Identifier   []Identifier  `json:"identifier,omitempty"`
	Type         string        `json:"type,omitempty"`
	Member       []GroupMember `json:"member,omitempty"`
}

// GroupMember is one Group.member.
type GroupMember struct {
	Entity Reference `json:"entity"`
}

// OperationOutcome is how a FHIR server explains an error.
type OperationOutcome struct {
	ResourceType string  `json:"resourceType"`
	Issue        []Issue `json:"issue,omitempty"`
}

// Issue is one OperationOutcome.issue.
type Issue struct {
	Severity    string           `json:"severity,omitempty"`
	Code        string           `json:"code,omitempty"`
	Details     *CodeableConcept `json:"details,omitempty"`
	Diagnostics string           `json:"diagnostics,omitempty"`
}

// Text joins the issues' details texts (or diagnostics) into one line.
func (o *OperationOutcome) Text() string {
	var parts []string
	for _, is := range o.Issue {
		switch {
		case is.Details != nil && is.Details.Text != "":
			parts = append(parts, is.Details.Text)
		case is.Diagnostics != "":
			parts = append(parts, is.Diagnostics)
		case is.Code != "":
			parts = append(parts, is.Code)
		}
	}
	return strings.Join(parts, "; ")
}

// CapabilityStatement is the header of a server's /metadata answer.
type CapabilityStatement struct {
	ResourceType string `json:"resourceType"`
	Status       string `json:"status,omitempty"`
	Date         string `json:"date,omitempty"`
	Kind         string `json:"kind,omitempty"`
	FHIRVersion  string `json:"fhirVersion,omitempty"`
	Software     *struct {
		Name    string `json:"name,omitempty"`
		Version string `json:"version,omitempty"`
	} `json:"software,omitempty"`
	Format []string `json:"format,omitempty"`
}

// IdentifierValue returns the value of the first identifier whose system ends with suffix
// (e.g. "#AssessmentId"), case-insensitively; "" when there is none.
func IdentifierValue(ids []Identifier, suffix string) string {
	s := strings.ToLower(suffix)
	for _, id := range ids {
		if strings.HasSuffix(strings.ToLower(id.System), s) {
			return id.Value
		}
	}
	return ""
}
