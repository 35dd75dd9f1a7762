// Package blaze maps MSK's Blaze research FHIR API onto the RECIST domain model: server
// profiles, a signed-in session, the parallel load of one study (DiagnosticReports, imaging
// Observations, Patients and the Group) and the tolerant mapping of every documented quirk.
package blaze

import (
	"fmt"
	"strings"
)

// Profile is a server to sign in to: where to get a token and where the FHIR API is. It holds
// no credentials.
type Profile struct {
	// Name is the stable key ("demo", "msk-staging", "msk-production", "custom").
	Name string
	// Label is what people read.
	Label string
	// TokenURL is the OAuth token endpoint.
	TokenURL string
	// BaseURL is the FHIR base.
	BaseURL string
	// Scope is the OAuth scope, "full" for Blaze.
	Scope string
}

// Profile names.
const (
	ProfileDemo          = "demo"
	ProfileMSKStaging    = "msk-staging"
	ProfileMSKProduction = "msk-production"
	ProfileCustom        = "custom"
)

// MSK's gateway paths (v2), from the Blaze developer documentation.
const (
	mskTokenPath = "/msk-apim/external/msk-oidc/oauth2/token"
	mskBasePath  = "/msk-apim/external/v2/crit/blaze/api"
	mskStaging   = "https://apigateway.apps.stageapi.mskcc.org"
	mskProd      = "https://apigateway.apps.prodapi.mskcc.org"
)

// MSKProfile returns the profile of an MSK gateway host, e.g. https://apigateway.apps.stageapi.mskcc.org.
func MSKProfile(name, label, host string) Profile {
	host = strings.TrimRight(host, "/")
	return Profile{Name: name, Label: label, TokenURL: host + mskTokenPath, BaseURL: host + mskBasePath, Scope: "full"}
}

// Profiles returns the built-in profiles. The demo profile's URLs are empty: they are those of
// the simulator once it is started (see DemoProfile).
func Profiles() []Profile {
	return []Profile{
		{Name: ProfileDemo, Label: "Demo (built-in simulator)", Scope: "full"},
		MSKProfile(ProfileMSKStaging, "MSK staging", mskStaging),
		MSKProfile(ProfileMSKProduction, "MSK production", mskProd),
		{Name: ProfileCustom, Label: "Custom server", Scope: "full"},
	}
}

// DemoProfile is the demo profile pointed at a running simulator.
func DemoProfile(tokenURL, baseURL string) Profile {
	p := Profiles()[0]
	p.TokenURL, p.BaseURL = tokenURL, baseURL
	return p
}

// ProfileByName returns the built-in profile called name.
func ProfileByName(name string) (Profile, error) {
	for _, p := range Profiles() {
		if p.Name == name {
			return p, nil
		}
	}
	return Profile{}, fmt.Errorf("unknown server profile %q (known: demo, msk-staging, msk-production, custom)", name)
}
