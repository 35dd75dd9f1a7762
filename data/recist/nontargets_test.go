package recist

import "testing"

func TestNonTargetResponse(t *testing.T) {
	tests := []struct {
		name string
		fu   []*Lesion // follow-up lesions for baseline NT01 (non-nodal) and NT02 (node 14 mm)
		want Response
	}{
		{"all gone", []*Lesion{nt("NT01", StateDisappeared), ntNode("NT02", 9.9)}, CR},
		{"node disappeared without value", []*Lesion{nt("NT01", StateDisappeared), {Code: "NT02", Category: NonTarget, Nodal: true, State: StateDisappeared}}, CR},
		{"node at 10 mm persists", []*Lesion{nt("NT01", StateDisappeared), ntNode("NT02", 10)}, NonCRNonPD},
		{"present persists", []*Lesion{nt("NT01", StatePresent), ntNode("NT02", 5)}, NonCRNonPD},
		{"stable persists", []*Lesion{nt("NT01", StateStable), ntNode("NT02", 5)}, NonCRNonPD},
		{"too small non-nodal persists", []*Lesion{nt("NT01", StateTooSmall), ntNode("NT02", 5)}, NonCRNonPD},
		{"unequivocal progression", []*Lesion{nt("NT01", StateUnequivocal), ntNode("NT02", 5)}, PD},
		{"progression wins over not evaluated", []*Lesion{nt("NT01", StateUnequivocal), nt("NT02", StateNotEvaluable)}, PD},
		{"not evaluable", []*Lesion{nt("NT01", StateNotEvaluable), ntNode("NT02", 5)}, NE},
		{"not assessed", []*Lesion{nt("NT01", StateNotAssessed), ntNode("NT02", 5)}, NE},
		{"undefined without value", []*Lesion{nt("NT01", StateUndefined), ntNode("NT02", 5)}, NE},
		{"undefined with value is assessed", []*Lesion{nt("NT01", StateDisappeared), {Code: "NT02", Category: NonTarget, Nodal: true, State: StateUndefined, Value: fp(6)}}, CR},
		{"missing baseline lesion", []*Lesion{nt("NT01", StateDisappeared)}, NE},
		{"state spelling is case-insensitive", []*Lesion{nt("NT01", "  disappeared "), ntNode("NT02", 5)}, CR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(baseline(tgt("T01", 30), nt("NT01", StatePresent), ntNode("NT02", 14)),
				followUp(1, 56, SD, append([]*Lesion{tgt("T01", 28)}, tt.fu...)...))
			if got.NonTargetResponse != tt.want {
				t.Errorf("NonTargetResponse = %q, want %q", got.NonTargetResponse, tt.want)
			}
		})
	}
}

func TestNewLesions(t *testing.T) {
	tests := []struct {
		name string
		l    *Lesion
		want bool
	}{
		{"present", newLesion("N01", StatePresent), true},
		{"no state", newLesion("N01", ""), true},
		{"too small non-nodal still counts", newLesion("N01", StateTooSmall), true},
		{"disappeared", newLesion("N01", StateDisappeared), false},
		{"not evaluable", newLesion("N01", StateNotEvaluable), false},
		{"node of 10 mm", newNode("N01", StatePresent, fp(10)), true},
		{"node of 9.9 mm", newNode("N01", StatePresent, fp(9.9)), false},
		{"node of 1 cm", withUnit(newNode("N01", StatePresent, fp(1)), "cm"), true},
		{"node without value", newNode("N01", StatePresent, nil), true},
		{"node too small", newNode("N01", StateTooSmall, nil), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(baseline(tgt("T01", 30)), followUp(1, 56, SD, tgt("T01", 28), tt.l))
			if got.NewLesions != tt.want {
				t.Errorf("NewLesions = %v, want %v", got.NewLesions, tt.want)
			}
			want := SD
			if tt.want {
				want = PD
			}
			if got.Response != want {
				t.Errorf("Response = %q, want %q", got.Response, want)
			}
		})
	}
}

func TestReappearanceAfterCR(t *testing.T) {
	tests := []struct {
		name string
		fu2  []*Lesion
		want Response
	}{
		{"still gone", []*Lesion{tgtState("T01", StateDisappeared), node("T02", 8), nt("NT01", StateDisappeared)}, CR},
		{"non-nodal target back", []*Lesion{tgt("T01", 3), node("T02", 8), nt("NT01", StateDisappeared)}, PD},
		{"non-nodal target too small", []*Lesion{tgtState("T01", StateTooSmall), node("T02", 7), nt("NT01", StateDisappeared)}, PD},
		{"node grows to 10 mm", []*Lesion{tgtState("T01", StateDisappeared), node("T02", 10), nt("NT01", StateDisappeared)}, PD},
		{"node 9.9 mm is still normal", []*Lesion{tgtState("T01", StateDisappeared), node("T02", 9.9), nt("NT01", StateDisappeared)}, CR},
		{"non-target present again", []*Lesion{tgtState("T01", StateDisappeared), node("T02", 8), nt("NT01", StatePresent)}, PD},
		{"non-target not assessed is no reappearance", []*Lesion{tgtState("T01", StateDisappeared), node("T02", 8), nt("NT01", StateNotAssessed)}, PR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(subject(
				baseline(tgt("T01", 30), node("T02", 20), nt("NT01", StatePresent)),
				followUp(1, 56, CR, tgtState("T01", StateDisappeared), node("T02", 8), nt("NT01", StateDisappeared)),
				followUp(2, 112, CR, tt.fu2...),
			), Options{})
			if r.Timepoints[1].Response != CR {
				t.Fatalf("follow-up 1 = %q, want CR", r.Timepoints[1].Response)
			}
			if got := r.Timepoints[2].Response; got != tt.want {
				t.Errorf("follow-up 2 = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNoReappearanceWithoutEarlierCR(t *testing.T) {
	// The same lesions after a PR (not a CR) are a plain PR.
	r := Evaluate(subject(
		baseline(tgt("T01", 30), node("T02", 20), nt("NT01", StatePresent)),
		followUp(1, 56, PR, tgt("T01", 5), node("T02", 8), nt("NT01", StatePresent)),
		followUp(2, 112, PR, tgt("T01", 3), node("T02", 8), nt("NT01", StatePresent)),
	), Options{})
	if got := r.Timepoints[2].Response; got != PR {
		t.Errorf("follow-up 2 = %q, want PR", got)
	}
}
