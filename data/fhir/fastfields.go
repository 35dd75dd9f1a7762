package fhir

// field names every JSON member the fast decoders read, across all their types. Each type's
// decoder reads the fields it has and skips the others, so one lookup serves every type: no
// two names are equal under case folding, so a key matches at most one of them, as
// encoding/json would match it against the fields of any one struct.
type field uint8

const (
	fieldUnknown field = iota
	fieldResourceType
	fieldID
	fieldExtension
	fieldIdentifier
	fieldStatus
	fieldCategory
	fieldSubject
	fieldEffectiveDateTime
	fieldValueQuantity
	fieldResult
	fieldConclusion
	fieldGender
	fieldBirthDate
	fieldType
	fieldMember
	fieldEntity
	fieldURL
	fieldValueString
	fieldValueInteger
	fieldValueDecimal
	fieldValueDateTime
	fieldValueDate
	fieldValueBoolean
	fieldValueCode
	fieldValueCodeableConcept
	fieldValueCoding
	fieldValueReference
	fieldUse
	fieldSystem
	fieldValue
	fieldReference
	fieldDisplay
	fieldCode
	fieldCoding
	fieldText
	fieldUnit
	fieldTotal
	fieldLink
	fieldEntry
	fieldRelation
	fieldFullURL
	fieldResource
	numFields
)

// fieldNames are the JSON names, as the struct tags spell them.
var fieldNames = [numFields]string{
	fieldResourceType: "resourceType", fieldID: "id", fieldExtension: "extension",
	fieldIdentifier: "identifier", fieldStatus: "status", fieldCategory: "category",
	fieldSubject: "subject", fieldEffectiveDateTime: "effectiveDateTime",
	fieldValueQuantity: "valueQuantity", fieldResult: "result", fieldConclusion: "conclusion",
	fieldGender: "gender", fieldBirthDate: "birthDate", fieldType: "type", fieldMember: "member",
	fieldEntity: "entity", fieldURL: "url", fieldValueString: "valueString",
	fieldValueInteger: "valueInteger", fieldValueDecimal: "valueDecimal",
	fieldValueDateTime: "valueDateTime", fieldValueDate: "valueDate",
	fieldValueBoolean: "valueBoolean", fieldValueCode: "valueCode",
	fieldValueCodeableConcept: "valueCodeableConcept", fieldValueCoding: "valueCoding",
	fieldValueReference: "valueReference", fieldUse: "use", fieldSystem: "system",
	fieldValue: "value", fieldReference: "reference", fieldDisplay: "display", fieldCode: "code",
	fieldCoding: "coding", fieldText: "text", fieldUnit: "unit", fieldTotal: "total",
	fieldLink: "link", fieldEntry: "entry", fieldRelation: "relation", fieldFullURL: "fullUrl",
	fieldResource: "resource",
}

// maxFieldName is the length of the longest name, valueCodeableConcept.
const maxFieldName = 20

// foldedFieldNames are the names folded as encoding/json folds them.
var foldedFieldNames = func() (out [numFields]string) {
	for f, name := range fieldNames {
		out[f] = string(foldKey(nil, []byte(name)))
	}
	return out
}()

// lookupField returns the field a member key names: the exact name first, else a name equal
// under encoding/json's case folding (so "ID" or "Extension" match, as they do there).
func lookupField(key []byte) field {
	switch string(key) {
	case "resourceType":
		return fieldResourceType
	case "id":
		return fieldID
	case "extension":
		return fieldExtension
	case "identifier":
		return fieldIdentifier
	case "status":
		return fieldStatus
	case "category":
		return fieldCategory
	case "subject":
		return fieldSubject
	case "effectiveDateTime":
		return fieldEffectiveDateTime
	case "valueQuantity":
		return fieldValueQuantity
	case "result":
		return fieldResult
	case "conclusion":
		return fieldConclusion
	case "gender":
		return fieldGender
	case "birthDate":
		return fieldBirthDate
	case "type":
		return fieldType
	case "member":
		return fieldMember
	case "entity":
		return fieldEntity
	case "url":
		return fieldURL
	case "valueString":
		return fieldValueString
	case "valueInteger":
		return fieldValueInteger
	case "valueDecimal":
		return fieldValueDecimal
	case "valueDateTime":
		return fieldValueDateTime
	case "valueDate":
		return fieldValueDate
	case "valueBoolean":
		return fieldValueBoolean
	case "valueCode":
		return fieldValueCode
	case "valueCodeableConcept":
		return fieldValueCodeableConcept
	case "valueCoding":
		return fieldValueCoding
	case "valueReference":
		return fieldValueReference
	case "use":
		return fieldUse
	case "system":
		return fieldSystem
	case "value":
		return fieldValue
	case "reference":
		return fieldReference
	case "display":
		return fieldDisplay
	case "code":
		return fieldCode
	case "coding":
		return fieldCoding
	case "text":
		return fieldText
	case "unit":
		return fieldUnit
	case "total":
		return fieldTotal
	case "link":
		return fieldLink
	case "entry":
		return fieldEntry
	case "relation":
		return fieldRelation
	case "fullUrl":
		return fieldFullURL
	case "resource":
		return fieldResource
	}
	return lookupFolded(key)
}

// lookupFolded matches key under case folding. Every name is ASCII and no rune folds to
// ASCII from more than three bytes, so a longer key matches nothing.
func lookupFolded(key []byte) field {
	if len(key) > 3*maxFieldName {
		return fieldUnknown
	}
	var arr [3 * maxFieldName]byte
	k := foldKey(arr[:0], key)
	for f := fieldUnknown + 1; f < numFields; f++ {
		if string(k) == foldedFieldNames[f] {
			return f
		}
	}
	return fieldUnknown
}
