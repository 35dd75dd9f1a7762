package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/recistview/recistview/data/blazesim"
)

// TestRunServesUntilCancelled starts the command on a free port, signs in with the printed
// credentials and stops it by cancelling the context.
func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-addr", "127.0.0.1:0", "-seed", "7", "-wrong-share", "0.1", "-page-cap", "20"}, pw, io.Discard)
		pw.Close()
		done <- err
	}()
	var banner []string
	tokenURL := ""
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		banner = append(banner, line)
		if f := strings.Fields(line); len(f) == 3 && f[0] == "token" {
			tokenURL = f[2]
		}
		if strings.HasPrefix(line, "Serving until interrupted") {
			break
		}
	}
	text := strings.Join(banner, "\n")
	for _, want := range []string{"seed 7", blazesim.FHIRBasePath, blazesim.DemoClientID, blazesim.DemoClientSecret,
		blazesim.DemoPartnerID, blazesim.DemoStudy, blazesim.LargeStudy, blazesim.FixtureStudy, blazesim.EmptyStudy, blazesim.DeniedStudy} {
		if !strings.Contains(text, want) {
			t.Errorf("banner lacks %q:\n%s", want, text)
		}
	}
	resp, err := http.PostForm(tokenURL, url.Values{
		"client_id": {blazesim.DemoClientID}, "client_secret": {blazesim.DemoClientSecret},
		"grant_type": {"client_credentials"}, "scope": {"full"},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("token: %d", resp.StatusCode)
	}
	cancel()
	go io.Copy(io.Discard, pr)
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	ctx := context.Background()
	if err := run(ctx, []string{"-nope"}, io.Discard, io.Discard); err == nil {
		t.Error("unknown flag accepted")
	}
	if err := run(ctx, []string{"-h"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v", err)
	}
	if err := run(ctx, []string{"-wrong-share", "2", "-addr", "127.0.0.1:0"}, io.Discard, io.Discard); !errors.Is(err, blazesim.ErrConfig) {
		t.Errorf("bad wrong share: %v", err)
	}
	if err := run(ctx, []string{"extra"}, io.Discard, io.Discard); err == nil {
		t.Error("positional argument accepted")
	}
}
