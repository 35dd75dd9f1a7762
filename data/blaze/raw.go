package blaze

import (
	"bytes"
	"cmp"
	"runtime"
	"slices"
	"sync"

	"github.com/recistview/recistview/data/fhir"
)

// The resource types of a study's raw entries, the keys of Builder.Entries and FromEntries.
const (
	TypeDiagnosticReport = "DiagnosticReport"
	TypeObservation      = "Observation"
	TypePatient          = "Patient"
	TypeGroup            = "Group"
)

// Entries returns the raw resources the Builder kept, by resource type (TypeDiagnosticReport,
// TypeObservation, TypePatient, TypeGroup), exactly as the server sent them: for each
// assessment the report that won among duplicates, each lesion's Observation, each Patient and
// each distinct Group of the study. Entries that could not be mapped are not kept. Feeding the
// result to FromEntries builds the same Study. Reports are ordered by assessment id, lesions
// by lesion id and patients by subject id, so equal content gives equal Entries.
//
// The byte slices are shared with the Builder and the Studies it built: do not modify them.
// It is safe to call while pages are still arriving.
func (b *Builder) Entries() map[string][][]byte {
	b.mu.Lock()
	reports := make([]*report, 0, len(b.reports))
	for _, r := range b.reports {
		reports = append(reports, r)
	}
	lesions := make([]*lesion, 0, len(b.lesions))
	for _, l := range b.lesions {
		lesions = append(lesions, l)
	}
	type patient struct {
		id  string
		raw []byte
	}
	patients := make([]patient, 0, len(b.patients))
	for id, p := range b.patients {
		patients = append(patients, patient{id, p.Raw})
	}
	groups := slices.Clone(b.groups)
	b.mu.Unlock()

	slices.SortFunc(reports, func(x, y *report) int { return cmp.Compare(x.a.ID, y.a.ID) })
	slices.SortFunc(lesions, func(x, y *lesion) int { return cmp.Compare(x.l.ID, y.l.ID) })
	slices.SortFunc(patients, func(x, y patient) int { return cmp.Compare(x.id, y.id) })

	out := map[string][][]byte{
		TypeDiagnosticReport: make([][]byte, 0, len(reports)),
		TypeObservation:      make([][]byte, 0, len(lesions)),
		TypePatient:          make([][]byte, 0, len(patients)),
		TypeGroup:            make([][]byte, 0, len(groups)),
	}
	for _, r := range reports {
		out[TypeDiagnosticReport] = append(out[TypeDiagnosticReport], r.a.Raw)
	}
	for _, l := range lesions {
		out[TypeObservation] = append(out[TypeObservation], l.l.Raw)
	}
	for _, p := range patients {
		out[TypePatient] = append(out[TypePatient], p.raw)
	}
	for _, g := range groups {
		if !slices.ContainsFunc(out[TypeGroup], func(h []byte) bool { return bytes.Equal(g, h) }) {
			out[TypeGroup] = append(out[TypeGroup], g)
		}
	}
	return out
}

// fromEntriesChunk is how many resources one worker maps at a time in FromEntries: large
// enough that the Builder's lock is taken rarely, small enough to spread a study over cores.
const fromEntriesChunk = 256

// FromEntries builds a Builder for study from raw resources by resource type, as Entries
// returns them (e.g. from a local cache), so that Study() gives what the live load gave.
// Unknown resource types are ignored. Resources are decoded in parallel on GOMAXPROCS
// goroutines; the byte slices are kept by the model (as Raw), so the caller must not modify
// them afterwards.
func FromEntries(study string, entries map[string][][]byte) *Builder {
	b := NewBuilder(study)
	type job struct {
		add func(*Builder, []fhir.Entry)
		raw [][]byte
	}
	adds := []struct {
		typ string
		add func(*Builder, []fhir.Entry)
	}{
		{TypeDiagnosticReport, (*Builder).AddReports},
		{TypeObservation, (*Builder).AddObservations},
		{TypePatient, (*Builder).AddPatients},
		{TypeGroup, (*Builder).AddGroup},
	}
	var jobs []job
	for _, a := range adds {
		for chunk := range slices.Chunk(entries[a.typ], fromEntriesChunk) {
			jobs = append(jobs, job{a.add, chunk})
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	next := make(chan job)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				fe := make([]fhir.Entry, len(j.raw))
				for i, raw := range j.raw {
					fe[i].Resource = raw
				}
				j.add(b, fe)
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return b
}
