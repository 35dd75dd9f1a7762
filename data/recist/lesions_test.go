package recist

import "testing"

func TestEffectiveSize(t *testing.T) {
	tests := []struct {
		name string
		l    *Lesion
		mm   float64
		ok   bool
	}{
		{"value", tgt("T01", 12.3), 12.3, true},
		{"value in cm", withUnit(tgt("T01", 1.23), "cm"), 12.3, true},
		{"disappeared", tgtState("T01", StateDisappeared), 0, true},
		{"too small", tgtState("T01", StateTooSmall), 5, true},
		{"value wins over too small", withValue(tgtState("T01", StateTooSmall), 2), 2, true},
		{"value wins over not evaluable", withValue(tgtState("T01", StateNotEvaluable), 7), 7, true},
		{"not evaluable", tgtState("T01", StateNotEvaluable), 0, false},
		{"not assessed", tgtState("T01", StateNotAssessed), 0, false},
		{"undefined", tgtState("T01", StateUndefined), 0, false},
		{"present without value", tgtState("T01", StatePresent), 0, false},
		{"no state", tgtState("T01", ""), 0, false},
	}
	for _, tt := range tests {
		mm, ok := effectiveSize(tt.l)
		if ok != tt.ok || round1(mm) != tt.mm {
			t.Errorf("%s: effectiveSize = %v, %v; want %v, %v", tt.name, mm, ok, tt.mm, tt.ok)
		}
	}
}

func TestRoundAndPct(t *testing.T) {
	if got := round1(-0.04); got != 0 {
		t.Errorf("round1(-0.04) = %v, want 0", got)
	}
	if got := round1(56.25); got != 56.3 {
		t.Errorf("round1(56.25) = %v, want 56.3", got)
	}
	if got, ok := pct(45, 56.3); !ok || got != -20.1 {
		t.Errorf("pct(45, 56.3) = %v, %v; want -20.1", got, ok)
	}
	if _, ok := pct(5, 0); ok {
		t.Error("pct with a zero reference is ok")
	}
}

func TestGroupCases(t *testing.T) {
	as := []*Assessment{
		{CaseID: ip(2), Timepoint: 1, Name: "Follow-up 1"},
		{CaseID: ip(1), Timepoint: 0},
		{CaseID: ip(2), Timepoint: 5, Name: " baseline "},
		nil,
		{Timepoint: 1},
		{CaseID: ip(1), Timepoint: 1},
	}
	gs := groupCases(as)
	if len(gs) != 3 {
		t.Fatalf("groups = %+v, want 3", gs)
	}
	want := []struct {
		members []int
		base    int
	}{{[]int{0, 2}, 2}, {[]int{1, 5}, 1}, {[]int{4}, -1}}
	for k, w := range want {
		if len(gs[k].members) != len(w.members) || gs[k].base != w.base {
			t.Errorf("group %d = %+v, want members %v base %d", k, gs[k], w.members, w.base)
			continue
		}
		for m := range w.members {
			if gs[k].members[m] != w.members[m] {
				t.Errorf("group %d members = %v, want %v", k, gs[k].members, w.members)
			}
		}
	}
}
