package recist

import "testing"

// TestOverallResponseTable checks every row of the RECIST 1.1 overall-response tables.
func TestOverallResponseTable(t *testing.T) {
	tests := []struct {
		d          disease
		tr, ntr    Response
		new, reapp bool
		want       Response
	}{
		// Target disease (Eisenhauer 2009, table 1).
		{targetDisease, CR, CR, false, false, CR},
		{targetDisease, CR, None, false, false, CR},
		{targetDisease, CR, NonCRNonPD, false, false, PR},
		{targetDisease, CR, NE, false, false, PR},
		{targetDisease, PR, NonCRNonPD, false, false, PR},
		{targetDisease, PR, CR, false, false, PR},
		{targetDisease, PR, NE, false, false, PR},
		{targetDisease, PR, None, false, false, PR},
		{targetDisease, SD, NonCRNonPD, false, false, SD},
		{targetDisease, SD, CR, false, false, SD},
		{targetDisease, SD, NE, false, false, SD},
		{targetDisease, SD, None, false, false, SD},
		{targetDisease, NE, NonCRNonPD, false, false, NE},
		{targetDisease, NE, CR, false, false, NE},
		{targetDisease, NE, NE, false, false, NE},
		{targetDisease, NE, None, false, false, NE},
		{targetDisease, PD, CR, false, false, PD},
		{targetDisease, PD, NE, false, false, PD},
		{targetDisease, PD, None, true, false, PD},
		{targetDisease, CR, PD, false, false, PD},
		{targetDisease, SD, PD, false, false, PD},
		{targetDisease, NE, PD, false, false, PD},
		{targetDisease, CR, CR, true, false, PD},
		{targetDisease, PR, NonCRNonPD, true, false, PD},
		{targetDisease, NE, NE, true, false, PD},
		{targetDisease, CR, CR, false, true, PD},
		// Non-target disease only (table 2).
		{nonTargetOnly, None, CR, false, false, CR},
		{nonTargetOnly, None, NonCRNonPD, false, false, NonCRNonPD},
		{nonTargetOnly, None, NE, false, false, NE},
		{nonTargetOnly, None, PD, false, false, PD},
		{nonTargetOnly, None, CR, true, false, PD},
		{nonTargetOnly, None, NonCRNonPD, true, false, PD},
		{nonTargetOnly, None, CR, false, true, PD},
		// No disease at baseline.
		{noDisease, None, None, true, false, PD},
		{noDisease, None, None, false, false, NE},
	}
	for _, tt := range tests {
		if got := overallResponse(tt.d, tt.tr, tt.ntr, tt.new, tt.reapp); got != tt.want {
			t.Errorf("overallResponse(disease %d, %q, %q, new %v, reappeared %v) = %q, want %q",
				tt.d, tt.tr, tt.ntr, tt.new, tt.reapp, got, tt.want)
		}
	}
}

// TestOverallFromLesions checks the table rows end to end, from lesion measurements.
func TestOverallFromLesions(t *testing.T) {
	tgtBase := func() *Assessment { return baseline(tgt("T01", 30), nt("NT01", StatePresent)) }
	ntBase := func() *Assessment { return baseline(nt("NT01", StatePresent), ntNode("NT02", 14)) }
	tests := []struct {
		name     string
		base, fu *Assessment
		tr, ntr  Response
		new      bool
		want     Response
	}{
		{"CR+CR", tgtBase(), followUp(1, 56, CR, tgtState("T01", StateDisappeared), nt("NT01", StateDisappeared)), CR, CR, false, CR},
		{"CR+no non-targets", baseline(tgt("T01", 30)), followUp(1, 56, CR, tgtState("T01", StateDisappeared)), CR, None, false, CR},
		{"CR+Non-CR/Non-PD", tgtBase(), followUp(1, 56, PR, tgtState("T01", StateDisappeared), nt("NT01", StatePresent)), CR, NonCRNonPD, false, PR},
		{"CR+not evaluated", tgtBase(), followUp(1, 56, PR, tgtState("T01", StateDisappeared), nt("NT01", StateNotAssessed)), CR, NE, false, PR},
		{"PR+Non-PD", tgtBase(), followUp(1, 56, PR, tgt("T01", 20), nt("NT01", StateStable)), PR, NonCRNonPD, false, PR},
		{"PR+not evaluated", tgtBase(), followUp(1, 56, PR, tgt("T01", 20), nt("NT01", StateNotEvaluable)), PR, NE, false, PR},
		{"SD+Non-PD", tgtBase(), followUp(1, 56, SD, tgt("T01", 28), nt("NT01", StatePresent)), SD, NonCRNonPD, false, SD},
		{"SD+not evaluated", tgtBase(), followUp(1, 56, SD, tgt("T01", 28)), SD, NE, false, SD},
		{"NE+Non-PD", tgtBase(), followUp(1, 56, SD, tgtState("T01", StateNotEvaluable), nt("NT01", StatePresent)), NE, NonCRNonPD, false, NE},
		{"PD+any", tgtBase(), followUp(1, 56, PD, tgt("T01", 40), nt("NT01", StateDisappeared)), PD, CR, false, PD},
		{"any+PD", tgtBase(), followUp(1, 56, PD, tgt("T01", 10), nt("NT01", StateUnequivocal)), PR, PD, false, PD},
		{"any+new", tgtBase(), followUp(1, 56, PD, tgt("T01", 10), nt("NT01", StatePresent), newLesion("N01", StatePresent)), PR, NonCRNonPD, true, PD},
		{"non-target only: CR", ntBase(), followUp(1, 56, CR, nt("NT01", StateDisappeared), ntNode("NT02", 9)), None, CR, false, CR},
		{"non-target only: Non-CR/Non-PD", ntBase(), followUp(1, 56, NonCRNonPD, nt("NT01", StateDisappeared), ntNode("NT02", 10)), None, NonCRNonPD, false, NonCRNonPD},
		{"non-target only: not evaluated", ntBase(), followUp(1, 56, NE, nt("NT01", StateUndefined), ntNode("NT02", 9)), None, NE, false, NE},
		{"non-target only: unequivocal PD", ntBase(), followUp(1, 56, PD, nt("NT01", StateUnequivocal), ntNode("NT02", 9)), None, PD, false, PD},
		{"non-target only: new lesion", ntBase(), followUp(1, 56, PD, nt("NT01", StateDisappeared), ntNode("NT02", 9), newLesion("N01", StatePresent)), None, CR, true, PD},
		{"no disease: nothing new", baseline(), followUp(1, 56, NE), None, None, false, NE},
		{"no disease: new lesion", baseline(), followUp(1, 56, PD, newLesion("N01", StatePresent)), None, None, true, PD},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(tt.base, tt.fu)
			if got.TargetResponse != tt.tr || got.NonTargetResponse != tt.ntr || got.NewLesions != tt.new || got.Response != tt.want {
				t.Errorf("target %q, non-target %q, new %v, overall %q; want %q, %q, %v, %q",
					got.TargetResponse, got.NonTargetResponse, got.NewLesions, got.Response, tt.tr, tt.ntr, tt.new, tt.want)
			}
		})
	}
}
