package ui

import (
	"image/color"

	"github.com/recistview/recistview/data/recist"
	"github.com/recistview/recistview/ui/chart"
)

// responseColors are the chip colours of the responses, indexed by recist.Response.Rank, from
// the chart palette of the current theme variant so chips and charts agree. They are kept as
// color.Color values so table cells can use them without allocating.
type responseColors [7]color.Color

// newResponseColors takes the response colours from p.
func newResponseColors(p chart.Palette) responseColors {
	var rc responseColors
	for _, r := range append([]recist.Response{recist.None}, recist.Responses...) {
		rc[r.Rank()] = chart.ResponseColor(p, r)
	}
	return rc
}

// of is the colour of r.
func (rc *responseColors) of(r recist.Response) color.Color { return rc[r.Rank()] }
