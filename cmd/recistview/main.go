// Command recistview is RECIST View's desktop app: sign in to MSK's Blaze research FHIR server,
// load a study's RECIST assessments and see where the reported responses disagree with the
// rules. With -demo it runs against a built-in simulator.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/recistview/recistview/app"
	"github.com/recistview/recistview/assets"
	"github.com/recistview/recistview/data/cache"
	"github.com/recistview/recistview/ui"
)

func main() {
	demo := flag.Bool("demo", false, "start the built-in demo server and sign in to it with the demo partner")
	study := flag.String("study", "", "with -demo: sign in at once and open this study (e.g. DEMO-01)")
	subject := flag.String("subject", "", "with -study: select this subject once loaded")
	debug := flag.Bool("debug", false, "log sign-ins, loads and every request to standard error (never secrets or tokens)")
	flag.Parse()
	var logger *slog.Logger
	if *debug {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}

	fa := fyneapp.NewWithID("org.recistview.desktop")
	fa.SetIcon(assets.Icon)
	cachePath, _ := cache.DefaultPath() // without a cache directory, studies are not kept offline
	a, err := app.New(context.Background(), fa.Preferences(), app.Options{Demo: *demo, CachePath: cachePath, Logger: logger})
	if err != nil {
		fmt.Fprintln(os.Stderr, "recistview:", err)
		os.Exit(1)
	}
	fa.Lifecycle().SetOnStopped(a.Close)
	ui.NewWindow(fa, a, ui.Options{Study: *study, Subject: *subject}).ShowAndRun()
	a.Close()
}
