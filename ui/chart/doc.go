// Package chart draws the charts of RECIST View — the target-sum chart of one subject, the
// spider plot and the waterfall plot of a study — and shows them in a Fyne widget.
//
// The render functions (TargetSeries.Render, SpiderData.Render, WaterfallData.Render) are pure:
// they take the data, a pixel size, a scale factor and a Palette, and return an RGBA image drawn
// with go-chart's raster drawing context and its Roboto font. They do not touch Fyne, so they
// run on any goroutine, in tests and in benchmarks. The input types are built off the UI thread
// from a study and its recist.Evaluate results (NewTargetSeries, NewSpiderData,
// NewWaterfallData).
//
// The Chart widget calls a RenderFunc in the background whenever its size, the canvas scale,
// the theme or the data change (debounced), and swaps the finished image in with fyne.Do, as
// STYLE.md asks: go-chart never runs on the paint path (fyne issue #2228).
package chart
