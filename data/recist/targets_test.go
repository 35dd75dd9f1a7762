package recist

import "testing"

func withValue(l *Lesion, v float64) *Lesion { l.Value = fp(v); return l }
func withUnit(l *Lesion, u string) *Lesion   { l.Unit = u; return l }

func TestTargetResponse(t *testing.T) {
	tests := []struct {
		name      string
		as        []*Assessment // baseline first; the last one is checked
		sum       *float64
		fromBase  *float64
		fromNadir *float64
		target    Response
		overall   Response
	}{
		{
			name: "exactly -30% is PR",
			as:   []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, PR, tgt("T01", 20), tgt("T02", 15))},
			sum:  fp(35), fromBase: fp(-30), fromNadir: fp(-30),
			target: PR, overall: PR,
		},
		{
			name: "28 mm to 19.6 mm is PR although 28*0.7 is 19.599999999999998",
			as:   []*Assessment{baseline(tgt("T01", 28)), followUp(1, 56, PR, tgt("T01", 19.6))},
			sum:  fp(19.6), fromBase: fp(-30), fromNadir: fp(-30),
			target: PR, overall: PR,
		},
		{
			name: "-29.8% is SD",
			as:   []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, SD, tgt("T01", 20.1), tgt("T02", 15))},
			sum:  fp(35.1), fromBase: fp(-29.8), fromNadir: fp(-29.8),
			target: SD, overall: SD,
		},
		{
			name: "float sums do not flip PR: 0.1+0.2 style decimals",
			as:   []*Assessment{baseline(tgt("T01", 10.1), tgt("T02", 20.2), tgt("T03", 0.7)), followUp(1, 56, PR, tgt("T01", 7.07), tgt("T02", 14.14), tgt("T03", 0.49))},
			sum:  fp(21.7), fromBase: fp(-30), fromNadir: fp(-30),
			target: PR, overall: PR,
		},
		{
			name: "all non-nodal disappeared is CR with sum 0",
			as:   []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, CR, tgtState("T01", StateDisappeared), tgtState("T02", StateDisappeared))},
			sum:  fp(0), fromBase: fp(-100), fromNadir: fp(-100),
			target: CR, overall: CR,
		},
		{
			name: "nodal CR with a non-zero sum",
			as:   []*Assessment{baseline(tgt("T01", 30), node("T02", 20)), followUp(1, 56, CR, tgtState("T01", StateDisappeared), node("T02", 8))},
			sum:  fp(8), fromBase: fp(-84), fromNadir: fp(-84),
			target: CR, overall: CR,
		},
		{
			name: "a node of 10 mm is not CR",
			as:   []*Assessment{baseline(tgt("T01", 30), node("T02", 20)), followUp(1, 56, PR, tgtState("T01", StateDisappeared), node("T02", 10))},
			sum:  fp(10), fromBase: fp(-80), fromNadir: fp(-80),
			target: PR, overall: PR,
		},
		{
			name: "too small counts 5 mm",
			as:   []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, PR, tgtState("T01", StateTooSmall), tgt("T02", 10))},
			sum:  fp(15), fromBase: fp(-70), fromNadir: fp(-70),
			target: PR, overall: PR,
		},
		{
			name: "a recorded value wins over too small",
			as:   []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, PR, withValue(tgtState("T01", StateTooSmall), 3), tgt("T02", 10))},
			sum:  fp(13), fromBase: fp(-74), fromNadir: fp(-74),
			target: PR, overall: PR,
		},
		{
			name: "a recorded value wins over disappeared",
			as:   []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, CR, withValue(tgtState("T01", StateDisappeared), 4), tgtState("T02", StateDisappeared))},
			sum:  fp(4), fromBase: fp(-92), fromNadir: fp(-92),
			target: PR, overall: PR,
		},
		{
			name: "centimetres are converted",
			as:   []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, SD, withUnit(tgt("T01", 3.1), "cm"), tgt("T02", 20))},
			sum:  fp(51), fromBase: fp(2), fromNadir: fp(2),
			target: SD, overall: SD,
		},
		{
			name: "+30% but only +3 mm is not PD",
			as:   []*Assessment{baseline(tgt("T01", 10)), followUp(1, 56, SD, tgt("T01", 13))},
			sum:  fp(13), fromBase: fp(30), fromNadir: fp(30),
			target: SD, overall: SD,
		},
		{
			name: "+9 mm but only +18% is not PD",
			as:   []*Assessment{baseline(tgt("T01", 50)), followUp(1, 56, SD, tgt("T01", 59))},
			sum:  fp(59), fromBase: fp(18), fromNadir: fp(18),
			target: SD, overall: SD,
		},
		{
			name: "exactly +20% and +5 mm is PD despite float error",
			as:   []*Assessment{baseline(tgt("T01", 10.1), tgt("T02", 14.9)), followUp(1, 56, PD, tgt("T01", 15.1), tgt("T02", 14.9))},
			sum:  fp(30), fromBase: fp(20), fromNadir: fp(20),
			target: PD, overall: PD,
		},
		{
			name: "PD is measured from the nadir, not the baseline",
			as: []*Assessment{
				baseline(tgt("T01", 50)),
				followUp(1, 56, PR, tgt("T01", 30)),
				followUp(2, 112, PD, tgt("T01", 36)),
			},
			sum: fp(36), fromBase: fp(-28), fromNadir: fp(20),
			target: PD, overall: PD,
		},
		{
			name: "the nadir is the smallest earlier sum, not the latest",
			as: []*Assessment{
				baseline(tgt("T01", 50)),
				followUp(1, 56, PR, tgt("T01", 30)),
				followUp(2, 112, SD, tgt("T01", 35)),
				followUp(3, 168, PD, tgt("T01", 36)),
			},
			sum: fp(36), fromBase: fp(-28), fromNadir: fp(20),
			target: PD, overall: PD,
		},
		{
			name:   "a target not evaluable makes NE",
			as:     []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, PR, tgt("T01", 10), tgtState("T02", StateNotEvaluable))},
			target: NE, overall: NE,
		},
		{
			name:   "present without a value is unknown",
			as:     []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, SD, tgt("T01", 30), tgtState("T02", StatePresent))},
			target: NE, overall: NE,
		},
		{
			name:   "undefined without a value is unknown",
			as:     []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, SD, tgt("T01", 30), tgtState("T02", StateUndefined))},
			target: NE, overall: NE,
		},
		{
			name:   "a baseline target missing at the follow-up is unknown",
			as:     []*Assessment{baseline(tgt("T01", 30), tgt("T02", 20)), followUp(1, 56, SD, tgt("T01", 30))},
			target: NE, overall: NE,
		},
		{
			name: "PD when the measured targets already prove it",
			as: []*Assessment{
				baseline(tgt("T01", 20), tgt("T02", 10)),
				followUp(1, 56, PD, tgt("T01", 40), tgtState("T02", StateNotAssessed)),
			},
			target: PD, overall: PD,
		},
		{
			name:   "unknown baseline sum leaves follow-ups NE",
			as:     []*Assessment{baseline(tgt("T01", 30), tgtState("T02", StateNotEvaluable)), followUp(1, 56, PR, tgt("T01", 10), tgt("T02", 5))},
			sum:    fp(15),
			target: NE, overall: NE,
		},
		{
			name: "a target added after baseline is in the sum",
			as:   []*Assessment{baseline(tgt("T01", 30)), followUp(1, 56, SD, tgt("T01", 25), tgt("T09", 4))},
			sum:  fp(29), fromBase: fp(-3.3), fromNadir: fp(-3.3),
			target: SD, overall: SD,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(subject(tt.as...), Options{})
			got := r.Timepoints[len(tt.as)-1]
			if !eqf(got.TargetSum, tt.sum) {
				t.Errorf("TargetSum = %s, want %s", f2s(got.TargetSum), f2s(tt.sum))
			}
			if tt.sum != nil && tt.fromBase != nil {
				if !eqf(got.PctFromBaseline, tt.fromBase) || !eqf(got.PctFromNadir, tt.fromNadir) {
					t.Errorf("pct from baseline, nadir = %s, %s, want %s, %s",
						f2s(got.PctFromBaseline), f2s(got.PctFromNadir), f2s(tt.fromBase), f2s(tt.fromNadir))
				}
			}
			if got.TargetResponse != tt.target || got.Response != tt.overall {
				t.Errorf("target, overall = %q, %q, want %q, %q", got.TargetResponse, got.Response, tt.target, tt.overall)
			}
			if got.NonTargetResponse != None {
				t.Errorf("NonTargetResponse = %q without non-target lesions", got.NonTargetResponse)
			}
		})
	}
}

func TestBaselineComputed(t *testing.T) {
	r := Evaluate(subject(baseline(tgt("T01", 30.04), node("T02", 20.02)), followUp(1, 56, SD, tgt("T01", 30), node("T02", 20))), Options{})
	b := r.Timepoints[0]
	if !eqf(b.TargetSum, fp(50.1)) || !eqf(b.PctFromBaseline, fp(0)) || b.PctFromNadir != nil {
		t.Errorf("baseline sum, pct, nadir pct = %s, %s, %s; want 50.1, 0.0, nil", f2s(b.TargetSum), f2s(b.PctFromBaseline), f2s(b.PctFromNadir))
	}
	if b.Response != None || b.TargetResponse != None || b.NonTargetResponse != None || b.NewLesions {
		t.Errorf("baseline responses = %+v, want none", b)
	}

	r = Evaluate(subject(baseline(nt("NT01", StatePresent)), followUp(1, 56, NonCRNonPD, nt("NT01", StatePresent))), Options{})
	if r.Timepoints[0].TargetSum != nil || r.Timepoints[0].PctFromBaseline != nil || r.Timepoints[1].TargetSum != nil {
		t.Errorf("no targets: sums %s, %s, want nil", f2s(r.Timepoints[0].TargetSum), f2s(r.Timepoints[1].TargetSum))
	}
}

func TestNadirZeroHasNoPercent(t *testing.T) {
	r := Evaluate(subject(
		baseline(tgt("T01", 20)),
		followUp(1, 56, CR, tgtState("T01", StateDisappeared)),
		followUp(2, 112, PD, tgt("T01", 5)),
	), Options{})
	got := r.Timepoints[2]
	if got.PctFromNadir != nil || !eqf(got.PctFromBaseline, fp(-75)) {
		t.Errorf("pct from nadir 0 = %s, from baseline %s; want nil, -75.0", f2s(got.PctFromNadir), f2s(got.PctFromBaseline))
	}
	if got.TargetResponse != PD {
		t.Errorf("5 mm over a nadir of 0 = %q, want PD", got.TargetResponse)
	}
}
