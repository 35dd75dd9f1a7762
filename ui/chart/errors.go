package chart

import "errors"

// ErrNoData is returned by a render function when its input has nothing to plot. The Chart
// widget shows its Placeholder instead of an image.
var ErrNoData = errors.New("chart: no measurements to plot")

// ErrTooSmall is returned by a render function asked for an image too small to hold a chart.
// The Chart widget shows nothing.
var ErrTooSmall = errors.New("chart: image too small to draw a chart")
