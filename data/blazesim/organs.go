package blazesim

import (
	"strings"

	"github.com/recistview/recistview/data/recist"
)

// site is an organ text as Blaze's Organ extension spells it, with a relative frequency.
type site struct {
	organ string
	w     float64
}

// tumour is the metastatic pattern of one tumour type: where target lesions, non-target lesions
// and new lesions are typically found. Bone, effusions, ascites, skin and brain lesions are
// non-measurable by RECIST convention here and never targets.
type tumour struct {
	name       string
	targets    []site
	nonTargets []site
	newSites   []site
	female     float64 // share of female subjects
}

var tumours = []tumour{
	{
		name: "non-small cell lung cancer",
		targets: []site{
			{"Lung right upper lobe", 3}, {"Lung right lower lobe", 2}, {"Lung left upper lobe", 2},
			{"Lung left lower lobe", 2}, {"Lymph node mediastinal", 3}, {"Lymph node hilar right", 1.5},
			{"Adrenal gland right", 1}, {"Adrenal gland left", 1}, {"Liver", 1.5}, {"Pleura", 0.8},
		},
		nonTargets: []site{
			{"Bone", 3}, {"Pleural effusion", 2}, {"Lymph node supraclavicular", 1.5}, {"Brain", 1},
			{"Lung left upper lobe", 1}, {"Liver", 1},
		},
		newSites: []site{
			{"Liver", 2}, {"Bone", 2}, {"Brain", 1.5}, {"Adrenal gland left", 1}, {"Lymph node cervical right", 1},
		},
		female: 0.45,
	},
	{
		name: "colorectal cancer",
		targets: []site{
			{"Liver", 5}, {"Lung right lower lobe", 1.5}, {"Lung left lower lobe", 1.5}, {"Peritoneum", 1.5},
			{"Lymph node retroperitoneal", 1.5}, {"Lymph node mesenteric", 1},
		},
		nonTargets: []site{
			{"Peritoneum", 2}, {"Ascites", 1.5}, {"Liver", 2}, {"Lung left upper lobe", 1}, {"Bone", 1},
		},
		newSites: []site{
			{"Liver", 3}, {"Lung right middle lobe", 1.5}, {"Peritoneum", 1.5}, {"Bone", 1},
		},
		female: 0.45,
	},
	{
		name: "melanoma",
		targets: []site{
			{"Lymph node axillary left", 2}, {"Lymph node axillary right", 1.5}, {"Lymph node inguinal right", 1.5},
			{"Soft tissue", 2}, {"Lung right upper lobe", 1.5}, {"Lung left lower lobe", 1.5}, {"Liver", 2},
			{"Spleen", 0.8},
		},
		nonTargets: []site{
			{"Skin", 2}, {"Brain", 1}, {"Bone", 1.5}, {"Soft tissue", 1}, {"Lymph node cervical left", 1},
		},
		newSites: []site{
			{"Brain", 1.5}, {"Liver", 2}, {"Soft tissue", 1.5}, {"Lung right lower lobe", 1.5},
			{"Lymph node cervical left", 1},
		},
		female: 0.4,
	},
	{
		name: "breast cancer",
		targets: []site{
			{"Liver", 4}, {"Lymph node axillary left", 2}, {"Lymph node supraclavicular", 1},
			{"Lung right lower lobe", 1.5}, {"Lung left upper lobe", 1.5}, {"Pleura", 1}, {"Breast left", 1},
		},
		nonTargets: []site{
			{"Bone", 4}, {"Pleural effusion", 1.5}, {"Liver", 1}, {"Lymph node axillary right", 1},
		},
		newSites: []site{
			{"Liver", 2}, {"Bone", 2}, {"Brain", 1.5}, {"Lung right lower lobe", 1},
		},
		female: 0.99,
	},
}

// organGroup is the organ an organ text belongs to for the "at most two targets per organ"
// rule. It is conservative: all lung lobes are one organ, all lymph nodes are one organ, and
// left and right adrenal glands are one organ.
func organGroup(organ string) string {
	o := strings.ToLower(organ)
	switch {
	case recist.IsNodal(organ):
		return "lymph node"
	case strings.HasPrefix(o, "lung"):
		return "lung"
	case strings.HasPrefix(o, "adrenal"):
		return "adrenal"
	case strings.HasPrefix(o, "pleura"):
		return "pleura"
	case strings.HasPrefix(o, "breast"):
		return "breast"
	}
	return o
}

// measurableSite reports whether lesions of the organ are measured (a value is recorded); bone,
// effusions, ascites and skin lesions are assessed only qualitatively.
func measurableSite(organ string) bool {
	switch strings.ToLower(organ) {
	case "bone", "pleural effusion", "ascites", "skin":
		return false
	}
	return true
}

// pickSite draws an organ from sites.
func pickSite(r *rng, sites []site) string {
	w := make([]float64, len(sites))
	for i, s := range sites {
		w[i] = s.w
	}
	return sites[r.weighted(w)].organ
}

// Imaging vocabulary of the Observations.
var (
	ctSeries = []string{"Standard 5mm", "Standard 5mm", "Venous phase 3mm", "Soft tissue 2.5mm"}
	mrSeries = []string{"T1 post-contrast axial", "T2 axial FS", "DWI b800"}
	ptSeries = []string{"PET AC", "Fused PET/CT"}
)

// seriesFor picks a series description fitting the modality and organ.
func seriesFor(r *rng, modality, organ string) string {
	switch modality {
	case "MR":
		return mrSeries[r.IntN(len(mrSeries))]
	case "PT":
		return ptSeries[r.IntN(len(ptSeries))]
	case "OT":
		return "Secondary capture"
	}
	if strings.HasPrefix(strings.ToLower(organ), "lung") && r.chance(0.6) {
		return "Lung 1.25mm"
	}
	return ctSeries[r.IntN(len(ctSeries))]
}
