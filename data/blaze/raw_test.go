package blaze

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/recistview/recistview/data/blazesim"
	"github.com/recistview/recistview/data/cache"
	"github.com/recistview/recistview/data/fhir"
	"github.com/recistview/recistview/data/recist"
)

// TestStudyFromCacheEqualsLiveLoad loads studies from the simulator, saves their raw entries
// in a cache file, reopens them and checks the Study built from the cache is the one the live
// load built: subjects, assessments, lesions and every Raw byte.
func TestStudyFromCacheEqualsLiveLoad(t *testing.T) {
	sim := startSim(t, blazesim.DefaultConfig())
	s := demoSession(t, sim, demoCreds, SessionOptions{PageSize: 20})
	store, err := cache.Open(filepath.Join(t.TempDir(), "studies.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	for _, study := range []string{blazesim.DemoStudy, blazesim.FixtureStudy, blazesim.EmptyStudy} {
		t.Run(study, func(t *testing.T) {
			load := s.NewLoad(study)
			res, err := load.Run(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			entries := load.Builder().Entries()
			if study == blazesim.DemoStudy && (len(entries[TypeDiagnosticReport]) == 0 || len(entries[TypeObservation]) == 0 || len(entries[TypePatient]) == 0 || len(entries[TypeGroup]) != 1) {
				t.Fatalf("entries: %d reports, %d observations, %d patients, %d groups", len(entries[TypeDiagnosticReport]), len(entries[TypeObservation]), len(entries[TypePatient]), len(entries[TypeGroup]))
			}
			snap := cache.Snapshot{FetchedAt: res.FetchedAt, Complete: res.Complete, Entries: map[cache.Kind][][]byte{}}
			for typ, rs := range entries {
				snap.Entries[cache.Kind(typ)] = rs
			}
			key := cache.Key{Server: sim.BaseURL, Partner: s.PartnerID(), Study: study}
			if err := store.Save(ctx, key, snap); err != nil {
				t.Fatal(err)
			}
			got, err := store.Load(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			back := map[string][][]byte{}
			for k, rs := range got.Entries {
				back[string(k)] = rs
			}
			cached := FromEntries(study, back).Study()
			if d := diffStudies(res.Study, cached); d != "" {
				t.Fatalf("the study from the cache differs: %s", d)
			}
			if len(res.Study.Subjects) == 0 {
				t.Fatal("empty study: the comparison proves nothing")
			}
		})
	}
}

// diffStudies describes the first difference between two studies, or returns "".
func diffStudies(a, b *recist.Study) string {
	if a.ID != b.ID || a.SponsorID != b.SponsorID {
		return fmt.Sprintf("study %s/%s vs %s/%s", a.ID, a.SponsorID, b.ID, b.SponsorID)
	}
	if len(a.Subjects) != len(b.Subjects) {
		return fmt.Sprintf("%d subjects vs %d", len(a.Subjects), len(b.Subjects))
	}
	for i, sa := range a.Subjects {
		sb := b.Subjects[i]
		if len(sa.Assessments) != len(sb.Assessments) {
			return fmt.Sprintf("subject %s: %d assessments vs %d", sa.ID, len(sa.Assessments), len(sb.Assessments))
		}
		for j, aa := range sa.Assessments {
			ab := sb.Assessments[j]
			if len(aa.Lesions) != len(ab.Lesions) {
				return fmt.Sprintf("subject %s assessment %s: %d lesions vs %d", sa.ID, aa.ID, len(aa.Lesions), len(ab.Lesions))
			}
			for k, la := range aa.Lesions {
				if !reflect.DeepEqual(la, ab.Lesions[k]) {
					return fmt.Sprintf("subject %s assessment %s lesion %d: %+v vs %+v", sa.ID, aa.ID, k, *la, *ab.Lesions[k])
				}
			}
			if !reflect.DeepEqual(aa, ab) {
				return fmt.Sprintf("subject %s assessment %d: %+v vs %+v", sa.ID, j, *aa, *ab)
			}
		}
		if !reflect.DeepEqual(sa, sb) {
			return fmt.Sprintf("subject %d: %+v vs %+v", i, *sa, *sb)
		}
	}
	if !reflect.DeepEqual(a, b) {
		return "the studies differ"
	}
	return ""
}

func TestEntriesKeepsWinnersOnly(t *testing.T) {
	b := NewBuilder("FHIR-T")
	b.AddReports([]fhir.Entry{{Resource: []byte(`{"resourceType":"DiagnosticReport","identifier":[{"system":"x#AssessmentId","value":"7"}],"extension":[{"url":"x#RevisionNumber","valueInteger":1},{"url":"x#RevisionNumber","valueInteger":1}],"conclusion":"old"}`)}})
	b.AddReports([]fhir.Entry{{Resource: []byte(`{"resourceType":"DiagnosticReport","identifier":[{"system":"x#AssessmentId","value":"7"}],"extension":[{"url":"x#RevisionNumber","valueInteger":2},{"url":"x#RevisionNumber","valueInteger":1}],"conclusion":"new"}`)}})
	b.AddReports([]fhir.Entry{{Resource: []byte(`not json`)}})
	group := []byte(`{"resourceType":"Group","identifier":[{"system":"x#IDB.Protocol","value":"fhir-t"}],"member":[{"entity":{"reference":"Patient/1"}}]}`)
	b.AddGroup([]fhir.Entry{{Resource: group}, {Resource: group}})
	b.AddGroup([]fhir.Entry{{Resource: []byte(`{"resourceType":"Group","identifier":[{"system":"x#IDB.Protocol","value":"OTHER"}]}`)}})
	e := b.Entries()
	if len(e[TypeDiagnosticReport]) != 1 || !bytes.Contains(e[TypeDiagnosticReport][0], []byte(`"new"`)) {
		t.Errorf("reports = %q", e[TypeDiagnosticReport])
	}
	if len(e[TypeGroup]) != 1 || !bytes.Equal(e[TypeGroup][0], group) {
		t.Errorf("groups = %q", e[TypeGroup])
	}
	if d := diffStudies(b.Study(), FromEntries("FHIR-T", e).Study()); d != "" {
		t.Error(d)
	}
	if st := FromEntries("X", map[string][][]byte{"Condition": {[]byte(`{}`)}}).Study(); len(st.Subjects) != 0 {
		t.Errorf("an unknown type made subjects: %+v", st.Subjects)
	}
}

// TestEntriesWhileLoading reads Entries while pages arrive (run with -race).
func TestEntriesWhileLoading(t *testing.T) {
	sim := startSim(t, blazesim.DefaultConfig())
	s := demoSession(t, sim, demoCreds, SessionOptions{PageSize: 5})
	load := s.NewLoad(blazesim.DemoStudy)
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
				FromEntries(blazesim.DemoStudy, load.Builder().Entries()).Study()
			}
		}
	}()
	res, err := load.Run(context.Background(), nil)
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if d := diffStudies(res.Study, FromEntries(blazesim.DemoStudy, load.Builder().Entries()).Study()); d != "" {
		t.Fatal(d)
	}
}

func TestServerKey(t *testing.T) {
	if k := DemoProfile("http://127.0.0.1:1/token", "http://127.0.0.1:1/fhir").ServerKey(); k != ProfileDemo {
		t.Errorf("demo = %q", k)
	}
	p, _ := ProfileByName(ProfileMSKStaging)
	if k := p.ServerKey(); k != p.BaseURL || k == "" {
		t.Errorf("staging = %q", k)
	}
}
