package fhir

import (
	"fmt"
	"strings"
	"testing"

	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/fixtures"
)

// trickyCases are hand-written inputs where a JSON decoder can go wrong. Each is decoded as
// every type and must give what encoding/json gives. They also seed the fuzz targets.
var trickyCases = map[string]string{
	// Escapes and Unicode.
	"escapes":             `{"resourceType":"Obs\u0065rvation","id":"a\"b\\c\/d\b\f\n\r\t"}`,
	"unicode raw":         `{"id":"é漢字😀","status":"\u00e9\u6F22"}`,
	"surrogate pair":      `{"id":"\ud83d\ude00"}`,
	"lone high surrogate": `{"id":"\ud83dx","status":"\ud83d"}`,
	"high then non-low":   `{"id":"\ud83d\u0041"}`,
	"lone low surrogate":  `{"id":"\ude00\ude00"}`,
	"two high":            `{"id":"\ud83d\ud83d\ude00"}`,
	"invalid utf8":        "{\"id\":\"a\xff\xfeb\",\"status\":\"\xe6\xbc\"}",
	"utf8 surrogate":      "{\"id\":\"\xed\xa0\x80\"}",
	"invalid utf8 escape": "{\"id\":\"\xff\\n\"}",
	"nul escape":          `{"id":"\u0000"}`,
	"line separator":      "{\"id\":\"\u2028\"}",
	"escaped key":         `{"\u0069d":"x","resource\u0054ype":"Patient"}`,
	"bad escape":          `{"id":"\x"}`,
	"single quote escape": `{"id":"\'"}`,
	"bad unicode escape":  `{"id":"\u12G4"}`,
	"short escape":        `{"id":"\u12"}`,
	"control char":        "{\"id\":\"a\tb\"}",
	"long control char":   "{\"id\":\"abcdefghijklmnop\x01qrstuvwxyz\"}",
	"long high bytes":     "{\"id\":\"abcdefghij\xc3\xa9klmnop\xffqrstuvwxyz\\u00e9abcdefgh\"}",
	"long continuation":   "{\"id\":\"abcdefghijklmnop\x85qrstuvwxyz\"}",
	"long DEL":            "{\"id\":\"abcdefghijklmnop\x7fqrstuvwxyz\"}",
	"raw newline":         "{\"id\":\"a\nb\"}",
	"unterminated":        `{"id":"abc}`,
	"single quotes":       `{'id':'x'}`,
	// Keys matched under case folding, as encoding/json matches them.
	"folded keys":         `{"ID":"x","Extension":[{"URL":"u","VALUESTRING":"v"}],"RESOURCETYPE":"Observation"}`,
	"long s key":          "{\"re\u017fourceType\":\"Patient\",\"\u017ftatus\":\"final\"}",
	"kelvin key":          "{\"lin\u212a\":[{\"relation\":\"next\",\"url\":null}],\"\u212aey\":1}",
	"dotless i key":       "{\"\u0131d\":\"x\"}",
	"invalid utf8 key":    "{\"id\xff\":\"x\"}",
	"long unknown key":    `{"` + strings.Repeat("resourceType", 8) + `":"x","id":"y"}`,
	"exact before folded": `{"Id":"a","id":"b","ID":"c"}`,
	// Nulls.
	"null document":     `null`,
	"all null":          `{"resourceType":null,"id":null,"extension":null,"identifier":null,"status":null,"category":null,"subject":null,"effectiveDateTime":null,"valueQuantity":null,"result":null,"conclusion":null,"gender":null,"birthDate":null,"type":null,"member":null,"total":null,"link":null,"entry":null}`,
	"null elements":     `{"extension":[null],"identifier":[null,{"value":"1"}],"category":[{"coding":[null]}],"result":[null],"member":[null,{"entity":null}],"link":[null],"entry":[null]}`,
	"null values":       `{"extension":[{"url":null,"valueString":null,"valueInteger":null}],"valueQuantity":{"value":null,"unit":null},"link":[{"relation":"self","url":null}],"entry":[{"fullUrl":null,"resource":null}]}`,
	"null after value":  `{"id":"a","id":null,"subject":{"reference":"r"},"subject":null,"extension":[{"url":"u"}],"extension":null}`,
	"null then value":   `{"subject":null,"subject":{"display":"d"},"valueQuantity":null,"valueQuantity":{"value":1}}`,
	"empty arrays":      `{"extension":[],"identifier":[],"category":[{"coding":[]}],"result":[],"member":[],"link":[],"entry":[]}`,
	"empty then filled": `{"extension":[],"extension":[{"url":"x"}],"identifier":[{"value":"1"}],"identifier":[]}`,
	"empty objects":     `{"subject":{},"valueQuantity":{},"identifier":[{}],"extension":[{}],"link":[{}],"entry":[{}]}`,
	// value[x] of every JSON type, and typed fields of the wrong type.
	"value types":            `{"extension":[{"url":"a","valueString":5},{"url":"b","valueInteger":"5"},{"url":"c","valueDecimal":true},{"url":"d","valueBoolean":{"a":[1,{"b":null}]}},{"url":"e","valueCode":[1,"2",[3]]},{"url":"f","valueDate":-0.5e-3}]}`,
	"value with spaces":      "{\"extension\":[{\"url\":\"a\",\"valueCodeableConcept\" :\t{ \"text\" : \"x\" } , \"valueDecimal\" : 1.50 }]}",
	"id number":              `{"id":5}`,
	"id bool":                `{"id":true}`,
	"id object":              `{"id":{}}`,
	"extension object":       `{"extension":{}}`,
	"extension string":       `{"extension":"x"}`,
	"extension numbers":      `{"extension":[1,2]}`,
	"subject string":         `{"subject":"Patient/1"}`,
	"subject array":          `{"subject":[]}`,
	"status false":           `{"status":false}`,
	"quantity array":         `{"valueQuantity":[]}`,
	"quantity string value":  `{"valueQuantity":{"value":"12.5","unit":"mm"}}`,
	"quantity escaped value": `{"valueQuantity":{"value":"1\u0032.5"}}`,
	"quantity bad string":    `{"valueQuantity":{"value":"abc"}}`,
	"quantity empty string":  `{"valueQuantity":{"value":""}}`,
	"quantity padded":        `{"valueQuantity":{"value":" 1"}}`,
	"quantity bool":          `{"valueQuantity":{"value":true}}`,
	"quantity object":        `{"valueQuantity":{"value":{}}}`,
	"total float":            `{"resourceType":"Bundle","total":1.0}`,
	"total exponent":         `{"resourceType":"Bundle","total":1e2}`,
	"total string":           `{"resourceType":"Bundle","total":"3"}`,
	"total negative zero":    `{"resourceType":"Bundle","total":-0}`,
	"total huge":             `{"resourceType":"Bundle","total":123456789012345678901234567890}`,
	"link url number":        `{"link":[{"relation":"next","url":5}]}`,
	"bundle identifier":      `{"resourceType":"Bundle","identifier":{"system":"s","value":"v"},"identifier":{"use":"u"}}`,
	"top-level array":        `[{"id":"x"}]`,
	"top-level string":       `"x"`,
	"top-level number":       `1`,
	"top-level true":         `true`,
	// Repeated keys: the last wins for strings; objects and arrays merge as encoding/json merges.
	"repeated string":          `{"id":"a","id":"b","status":"x","status":"y"}`,
	"repeated subject":         `{"subject":{"reference":"a"},"subject":{"display":"b"}}`,
	"repeated quantity":        `{"valueQuantity":{"value":1,"unit":"mm"},"valueQuantity":{"code":"mm"},"valueQuantity":{"value":2}}`,
	"repeated identifier":      `{"identifier":[{"system":"s1","value":"1"},{"system":"s2","value":"2"}],"identifier":[{"value":"3"}],"identifier":[{"use":"u"},{"use":"v"},{"use":"w"}]}`,
	"repeated extension":       `{"extension":[{"url":"a","valueString":"x"},{"url":"b","valueInteger":1}],"extension":[{"valueDecimal":2}],"extension":[{"url":"c"},{"url":"d"}]}`,
	"repeated member in array": `{"extension":[{"url":"a","url":"b","valueString":"x","valueString":"y"}]}`,
	"repeated nested coding":   `{"category":[{"coding":[{"code":"a"},{"code":"b"}],"text":"t"}],"category":[{"coding":[{"system":"s"}]}]}`,
	"repeated entry":           `{"resourceType":"Bundle","entry":[{"fullUrl":"a","resource":{"id":1}},{"fullUrl":"b"}],"entry":[{"resource":[2]}],"entry":[{},{}]}`,
	"repeated link":            `{"link":[{"relation":"next","url":"a"}],"link":[{"url":null}]}`,
	"repeated member":          `{"resourceType":"Group","member":[{"entity":{"reference":"Patient/1"}}],"member":[{"entity":{"display":"d"}}]}`,
	"repeated with null":       `{"identifier":[{"value":"1"}],"identifier":null,"identifier":[{"system":"s"}]}`,
	// Unknown members of every shape, nested deeply.
	"unknown members":   `{"meta":{"versionId":"1","tag":[{"a":[true,false,null,-1.5e+10,"x\u0041"]}]},"text":{"div":"<div/>"},"id":"x","code":[[],{},[[{}]]]}`,
	"deep unknown":      `{"meta":` + strings.Repeat(`[`, 5000) + strings.Repeat(`]`, 5000) + `,"id":"x"}`,
	"deep objects":      `{"meta":` + strings.Repeat(`{"a":`, 3000) + `1` + strings.Repeat(`}`, 3000) + `,"id":"x"}`,
	"at depth limit":    `{"meta":` + strings.Repeat(`[`, 9999) + strings.Repeat(`]`, 9999) + `}`,
	"past depth limit":  `{"meta":` + strings.Repeat(`[`, 10000) + strings.Repeat(`]`, 10000) + `}`,
	"deep in value":     `{"extension":[{"url":"u","valueCoding":` + strings.Repeat(`[`, 9997) + strings.Repeat(`]`, 9997) + `}]}`,
	"past in value":     `{"extension":[{"url":"u","valueCoding":` + strings.Repeat(`[`, 9998) + strings.Repeat(`]`, 9998) + `}]}`,
	"deep unbalanced":   `{"meta":` + strings.Repeat(`[`, 50) + strings.Repeat(`]`, 49) + `}`,
	"mismatched close":  `{"meta":[1}}`,
	"mismatched object": `{"meta":{"a":1]}`,
	"mismatched":        `{"meta":[}]}`,
	// Whitespace.
	"whitespace":       " \t\r\n{ \"id\" : \"x\" , \"extension\" : [ { \"url\" : \"u\" , \"valueInteger\" : 1 } , { } ] }\r\n\t ",
	"form feed":        "{\"id\":\"x\"\f}",
	"nbsp":             "{\"id\":\"x\"\u00a0}",
	"vertical tab":     "\v{}",
	"bom":              "\ufeff{}",
	"empty":            ``,
	"only space":       `   `,
	"trailing garbage": `{}x`,
	"two documents":    `{} {}`,
	"trailing comma":   `{"id":"x",}`,
	"array comma":      `{"extension":[{},]}`,
	"leading comma":    `{,"id":"x"}`,
	"missing colon":    `{"id" "x"}`,
	"missing comma":    `{"id":"x" "status":"y"}`,
	"missing value":    `{"id":}`,
	"unclosed object":  `{"id":"x"`,
	"unclosed array":   `{"extension":[{}`,
	"non-string key":   `{id:"x"}`,
	"number key":       `{1:"x"}`,
	// Numbers, kept as written where the type keeps them.
	"numbers":          `{"valueQuantity":{"value":1e2},"extension":[{"url":"a","valueDecimal":-0},{"url":"b","valueDecimal":1.50},{"url":"c","valueDecimal":0.1e-5},{"url":"d","valueDecimal":1E+2},{"url":"e","valueDecimal":-0.0},{"url":"f","valueDecimal":123456789012345678901234567890}]}`,
	"quantity -0":      `{"valueQuantity":{"value":-0.0}}`,
	"quantity big":     `{"valueQuantity":{"value":1e999}}`,
	"leading zero":     `{"extension":[{"valueDecimal":01}]}`,
	"trailing dot":     `{"extension":[{"valueDecimal":1.}]}`,
	"leading dot":      `{"extension":[{"valueDecimal":.5}]}`,
	"plus sign":        `{"extension":[{"valueDecimal":+1}]}`,
	"lone minus":       `{"extension":[{"valueDecimal":-}]}`,
	"bare exponent":    `{"extension":[{"valueDecimal":1e}]}`,
	"signed exponent":  `{"extension":[{"valueDecimal":1e+}]}`,
	"hex":              `{"extension":[{"valueDecimal":0x10}]}`,
	"NaN":              `{"extension":[{"valueDecimal":NaN}]}`,
	"Infinity":         `{"valueQuantity":{"value":Infinity}}`,
	"minus letters":    `{"valueQuantity":{"value":-a}}`,
	"double dot":       `{"valueQuantity":{"value":1.2.3}}`,
	"literal typo":     `{"extension":[{"valueBoolean":tru}]}`,
	"literal suffix":   `{"extension":[{"valueBoolean":truex}]}`,
	"same-length typo": `{"extension":[{"valueBoolean":trux}]}`,
	"false typo":       `{"extension":[{"valueBoolean":fals3}]}`,
	"null typo 4":      `{"id":nulx}`,
	"truncated null":   `{"id":nul`,
	"truncated true":   `{"extension":[{"valueBoolean":tr`,
	"null typo":        `{"id":nul}`,
	"capital literal":  `{"id":Null}`,
	"number then junk": `{"extension":[{"valueInteger":1true}]}`,
}

// TestFastDecodeTrickyCases: each tricky case decodes as encoding/json decodes it.
func TestFastDecodeTrickyCases(t *testing.T) {
	for name, in := range trickyCases {
		checkAllTypes(t, name, []byte(in))
	}
}

// TestFastDecodeManyExtensions: more extensions than extensions reads on the stack, alone and
// repeated.
func TestFastDecodeManyExtensions(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"resourceType":"Observation","extension":[`)
	for i := range 3*extensionBuffer + 1 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"url":"https://fhir.mskcc.org/structure-definitions/#E%d","valueInteger":%d}`, i, i)
	}
	b.WriteString(`]}`)
	doc := b.String()
	o, err := DecodeObservation([]byte(doc))
	if err != nil || len(o.Extension) != 3*extensionBuffer+1 {
		t.Fatalf("%d extensions, %v", len(o.Extension), err)
	}
	checkAllTypes(t, "many extensions", []byte(doc))
	repeated := strings.TrimSuffix(doc, "}") + `,"extension":[{"url":"x"}],"extension":` + doc[strings.Index(doc, "["):]
	checkAllTypes(t, "many extensions repeated", []byte(repeated))
}

// TestFastDecodeTruncated: every prefix of a resource and of a page fails as encoding/json
// fails on it, or, where it is still valid (a whitespace-trimmed end), reads the same.
func TestFastDecodeTruncated(t *testing.T) {
	docs := [][]byte{fixtures.Bytes(fixtures.DiagnosticReportBundle), []byte(trickyCases["whitespace"]), []byte(trickyCases["unknown members"])}
	b, err := DecodeBundle(fixtures.Bytes(fixtures.ObservationBundle))
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, b.Entry[0].Resource)
	for _, doc := range docs {
		for i := 0; i < len(doc); i++ {
			checkAllTypes(t, "prefix", doc[:i])
			if i >= 600 {
				i += 12 // past the start, which holds every kind of member, sample
			}
		}
	}
}

// TestFastDecodeByteFlips: resources (pretty-printed from the fixtures, compact from the
// simulator) with a byte replaced by each of a few that matter to the grammar decode as
// encoding/json decodes them. The bytes flipped are every third of the start and the end,
// which between them hold every kind of member; the middle repeats them. The fuzz targets
// flip the rest.
func TestFastDecodeByteFlips(t *testing.T) {
	b, err := DecodeBundle(fixtures.Bytes(fixtures.ObservationBundle))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := blazesim.NewServer(blazesim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	truth, err := srv.Truth(blazesim.DemoStudy)
	if err != nil {
		t.Fatal(err)
	}
	lesion := truth.Study.Subjects[0].Assessments[0].Lesions[0].Raw
	for _, doc := range [][]byte{b.Entry[0].Resource, lesion} {
		mut := make([]byte, len(doc))
		for i := 0; i < len(doc); i += 3 {
			if i >= 400 && i < len(doc)-400 {
				i = len(doc) - 400
			}
			for _, c := range []byte(`"\{}[],:0e` + "\xff") {
				copy(mut, doc)
				mut[i] = c
				checkAllTypes(t, "flip", mut)
			}
		}
	}
}
