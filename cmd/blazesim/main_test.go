package main

import (
	"bufio"
	"context"
	"encoding/json"
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
	if err := run(ctx, []string{"-fault", "slow,nope", "-addr", "127.0.0.1:0"}, io.Discard, io.Discard); !errors.Is(err, blazesim.ErrConfig) {
		t.Errorf("unknown fault: %v", err)
	}
}

// TestRunInjectsFaults starts the command with -fault and checks that the fault is announced
// and applied: the imaging Observation search's first page is an OperationOutcome with 200.
func TestRunInjectsFaults(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-addr", "127.0.0.1:0", "-fault", "outcome-200", "-fault-seed", "5"}, pw, io.Discard)
		pw.Close()
		done <- err
	}()
	var tokenURL, baseURL, faults string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 3 && f[0] == "token":
			tokenURL = f[2]
		case len(f) == 3 && f[0] == "FHIR":
			baseURL = f[2]
		case len(f) > 0 && f[0] == "faults":
			faults = sc.Text()
		}
		if strings.HasPrefix(sc.Text(), "Serving until interrupted") {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if !strings.Contains(faults, "[outcome-200] (fault seed 5)") {
		t.Errorf("faults line = %q", faults)
	}
	resp, err := http.PostForm(tokenURL, url.Values{
		"client_id": {blazesim.DemoClientID}, "client_secret": {blazesim.DemoClientSecret},
		"grant_type": {"client_credentials"}, "scope": {"full"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	req, _ := http.NewRequest(http.MethodGet, baseURL+"/observation?researchstudy=DEMO-01&category=imaging", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("x-partnerid", blazesim.DemoPartnerID)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body struct{ ResourceType string }
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || body.ResourceType != "OperationOutcome" {
		t.Errorf("got %d %s, want an OperationOutcome with 200", resp.StatusCode, body.ResourceType)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}
