package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/export"
)

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errb)
	return result{code, out.String(), errb.String()}
}

func TestExportDemoJSON(t *testing.T) {
	r := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.DemoStudy)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"study", "server", "fetchedAt", "subjects"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("missing %q", k)
		}
	}
	if doc["study"] != blazesim.DemoStudy || doc["server"] != "demo" {
		t.Errorf("study/server = %v/%v", doc["study"], doc["server"])
	}
	var typed export.Document
	json.Unmarshal([]byte(r.stdout), &typed)
	if len(typed.Subjects) < 10 {
		t.Fatalf("subjects = %d", len(typed.Subjects))
	}
	valid := map[string]bool{"CR": true, "PR": true, "SD": true, "NON-CR/NON-PD": true, "PD": true, "NE": true, "": true}
	discrepancies := 0
	for _, s := range typed.Subjects {
		if !valid[string(s.BestOverallResponse)] {
			t.Errorf("%s: best %q", s.ID, s.BestOverallResponse)
		}
		for _, a := range s.Assessments {
			discrepancies += len(a.Discrepancies)
			if a.Timepoint != nil && *a.Timepoint == 0 && (a.Reported.Response != "" || a.Computed.Response != "" || a.Reported.ChangeFromPrevious != nil) {
				t.Errorf("%s baseline %s: %+v %+v", s.ID, a.ID, a.Reported, a.Computed)
			}
			for _, l := range a.Lesions {
				if l.Category != "target" && l.Category != "non-target" && l.Category != "new" {
					t.Errorf("lesion %s category %q", l.ID, l.Category)
				}
			}
		}
	}
	if discrepancies == 0 {
		t.Error("no discrepancies: the demo study deliberately reports some conclusions wrong")
	}
	// Raw JSON keys match the contract exactly (camelCase, nulls present).
	for _, key := range []string{`"bestOverallResponse"`, `"caseRevision"`, `"assessmentRevision"`, `"changeFromPrevious": null`, `"pctFromNadir"`, `"nonTargetResponse"`, `"newLesions"`, `"instance"`} {
		if !strings.Contains(r.stdout, key) {
			t.Errorf("output lacks %s", key)
		}
	}
}

func TestExportDemoCSVToFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	r := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.DemoStudy, "-format", "csv", "-o", path, "-concurrency", "2")
	if r.code != exitOK || r.stdout != "" {
		t.Fatalf("exit %d stdout %q stderr %s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "study DEMO-01:") {
		t.Errorf("summary = %q", r.stderr)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if st, _ := f.Stat(); st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v", st.Mode())
	}
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(export.CSVHeader, ",") || len(rows) < 100 {
		t.Fatalf("header %v, %d rows", rows[0], len(rows))
	}
	for _, row := range rows[1:] {
		if row[0] != blazesim.DemoStudy || len(row) != len(export.CSVHeader) {
			t.Fatalf("row %v", row)
		}
	}
}

func TestExportFixtureStudy(t *testing.T) {
	r := runCLI(t, nil, "export", "-server", "demo", "-study", "fhir-t")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var doc export.Document
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Subjects) != 3 {
		t.Fatalf("subjects = %d", len(doc.Subjects))
	}
	s := doc.Subjects[2]
	if s.ID != "10081007" || *s.BirthYear != 1948 || len(s.Assessments) != 2 {
		t.Fatalf("subject = %+v", s)
	}
	fu := s.Assessments[1]
	if fu.ID != "790" || *fu.CaseID != 163 || *fu.Timepoint != 2 || fu.Date != "2006-10-13T09:31:24" || *fu.CaseRevision != 5 || *fu.AssessmentRevision != 1 {
		t.Errorf("follow-up = %+v", fu)
	}
	rep := fu.Reported
	if *rep.TargetSum != 37.6 || *rep.ChangeFromBaseline != -42.3 || *rep.ChangeFromPrevious != -12 || rep.Response != "PR" || rep.Conclusion != "Partial Response" {
		t.Errorf("reported = %+v", rep)
	}
	if len(fu.MissingLesions) != 4 || len(fu.Discrepancies) == 0 || !strings.Contains(fu.Discrepancies[0], "did not send") {
		t.Errorf("missing %v discrepancies %v", fu.MissingLesions, fu.Discrepancies)
	}
}

func TestExportEmptyStudySucceeds(t *testing.T) {
	r := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.EmptyStudy)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var doc export.Document
	json.Unmarshal([]byte(r.stdout), &doc)
	for _, s := range doc.Subjects {
		if len(s.Assessments) != 0 {
			t.Errorf("%s has assessments", s.ID)
		}
	}
}

func TestExportFailuresAreOneLine(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want []string
	}{
		{"denied study", nil, []string{"-study", blazesim.DeniedStudy}, exitFail, []string{"may not read study DENIED-01", blazesim.DemoPartnerID}},
		{"wrong secret", map[string]string{"RECIST_CLIENT_SECRET": "wrong-secret-3f9a"}, []string{"-study", blazesim.DemoStudy}, exitFail, []string{"rejected these credentials"}},
		{"no study", nil, nil, exitUsage, []string{"-study is required"}},
		{"bad format", nil, []string{"-study", "X", "-format", "xml"}, exitUsage, []string{"-format"}},
		{"secret as a flag", nil, []string{"-study", "X", "-client-secret", "s"}, exitUsage, []string{"flag provided but not defined"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.env, append([]string{"export", "-server", "demo"}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d: %s", r.code, tt.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q", r.stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q lacks %q", r.stderr, w)
				}
			}
			if tt.code == exitFail && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("not one line: %q", r.stderr)
			}
			if s := tt.env["RECIST_CLIENT_SECRET"]; s != "" && strings.Contains(r.stderr, s) {
				t.Errorf("the secret leaked: %q", r.stderr)
			}
		})
	}
}

func TestExportFailedLoadWritesNoFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.json")
	r := runCLI(t, nil, "export", "-server", "demo", "-study", blazesim.DeniedStudy, "-o", path)
	if r.code != exitFail {
		t.Fatalf("exit %d", r.code)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a failed load left %s", path)
	}
}

func TestCustomServerNeedsSecretFromEnv(t *testing.T) {
	sim, err := blazesim.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	args := []string{"export", "-base", sim.BaseURL, "-token-url", sim.TokenURL, "-client-id", blazesim.DemoClientID, "-partner-id", blazesim.DemoPartnerID, "-study", blazesim.DemoStudy, "-format", "csv"}
	if r := runCLI(t, map[string]string{"RECIST_CLIENT_SECRET": blazesim.DemoClientSecret}, args...); r.code != exitOK {
		t.Fatalf("with env secret: exit %d %s", r.code, r.stderr)
	}
}
