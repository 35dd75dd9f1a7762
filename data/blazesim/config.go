package blazesim

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Paths of the simulated gateway, as MSK's v2 API names them.
const (
	// TokenPath is the OAuth token endpoint (client credentials, credentials in the form body).
	TokenPath = "/msk-apim/external/msk-oidc/oauth2/token"
	// FHIRBasePath is the FHIR base; resources live below it (…/DiagnosticReport, …/observation).
	FHIRBasePath = "/msk-apim/external/v2/crit/blaze/api"
)

// Credentials of the built-in partners. They are demo credentials, not secrets: the app's demo
// mode and the tests sign in with them.
const (
	DemoClientID     = "recistview-demo"
	DemoClientSecret = "recistview-demo-secret-7d1f2c"
	DemoPartnerID    = "RV-DEMO-PARTNER"

	RestrictedClientID     = "recistview-restricted"
	RestrictedClientSecret = "recistview-restricted-secret-4b9e60"
	RestrictedPartnerID    = "RV-RESTRICTED-PARTNER"
)

// Study numbers of the built-in studies.
const (
	// DemoStudy has about a dozen generated subjects, one of them without assessments yet.
	DemoStudy = "DEMO-01"
	// LargeStudy has 500 generated subjects, for paging, concurrency and benchmarks.
	LargeStudy = "DEMO-500"
	// FixtureStudy is served from MSK's published example payloads, verbatim.
	FixtureStudy = "FHIR-T"
	// EmptyStudy has a Group and Patients but no assessments or lesions.
	EmptyStudy = "EMPTY-01"
	// DeniedStudy exists (5 generated subjects) but neither built-in partner may read it.
	DeniedStudy = "DENIED-01"
)

// Defaults of DefaultConfig; zero Config fields fall back to them too.
const (
	DefaultSeed       = 20190101
	DefaultPageCap    = 100
	DefaultCount      = 50
	DefaultWrongShare = 0.06
	DefaultTokenTTL   = time.Hour
)

// ErrConfig is wrapped by every error NewServer returns for an invalid Config.
var ErrConfig = errors.New("blazesim: invalid config")

// Middleware wraps the simulator's handler, for behaviour beyond the built-in Config.Faults.
type Middleware func(http.Handler) http.Handler

// Config configures a Server. Start from DefaultConfig and change what a test needs; zero
// values of PageCap, DefaultCount, TokenTTL and Now, and nil Partners and Studies, fall back to
// the defaults (WrongShare and Latency do not: zero is meaningful for them).
type Config struct {
	// Seed drives all generated data: the same seed gives byte-identical responses.
	Seed int64
	// Latency is added to every request before it is handled; the wait ends early when the
	// request's context is cancelled.
	Latency time.Duration
	// PageCap is the largest page the server returns, whatever _count asks for.
	PageCap int
	// DefaultCount is the page size when a search gives no _count (Blaze: 50).
	DefaultCount int
	// WrongShare is the share (0–1) of follow-up conclusions deliberately reported wrong.
	WrongShare float64
	// TokenTTL is the lifetime of an access token (expires_in).
	TokenTTL time.Duration
	// PublicBaseURL, when set, is the origin ("https://host[:port]") written into paging links
	// and fullUrls instead of the request's own scheme and host.
	PublicBaseURL string
	// Partners are the clients that may sign in.
	Partners []Partner
	// Studies are the studies the server holds.
	Studies []StudySpec
	// Now is the clock used for token issue and expiry; tests move it to expire tokens.
	Now func() time.Time
	// Middleware wraps the request handler, first element outermost. Requests are counted
	// (Stats), delayed (Latency) and exposed to Faults before the middleware sees them.
	Middleware []Middleware
	// Faults are the hostile-network faults to inject (throttling, 5xx bursts, dropped
	// connections, bad pages, ...); the zero value injects none.
	Faults Faults
}

// Partner is one client registered with the gateway.
type Partner struct {
	// ClientID and ClientSecret are the client credentials of the token request.
	ClientID     string
	ClientSecret string
	// PartnerID is the value the x-partnerid header must carry.
	PartnerID string
	// Studies are the study numbers the partner may read (compared case-insensitively).
	Studies []string
}

// MayRead reports whether the partner may read study (case-insensitive).
func (p Partner) MayRead(study string) bool {
	for _, s := range p.Studies {
		if strings.EqualFold(s, study) {
			return true
		}
	}
	return false
}

// StudyKind says where a study's data comes from.
type StudyKind int

// Study kinds.
const (
	// Generated studies are synthesised from the seed.
	Generated StudyKind = iota
	// Fixture serves MSK's published example payloads; only study FHIR-T may use it.
	Fixture
)

// StudySpec describes one study of the simulated server.
type StudySpec struct {
	// ID is the MSK study number (IDB.Protocol).
	ID string
	// SponsorID is the sponsor's study number (SponsorId/SponsorID extensions).
	SponsorID string
	// Kind says whether the study is generated or served from the fixtures.
	Kind StudyKind
	// Subjects is the number of generated subjects.
	Subjects int
	// FirstSubjectID is the 8-digit id of the first subject; 0 derives one from the study.
	FirstSubjectID int
	// Archetypes, when set, gives subject i the archetype Archetypes[i % len]; otherwise
	// archetypes are drawn from a realistic mix.
	Archetypes []Archetype
}

// DefaultPartners returns the demo partner (DEMO-01, DEMO-500, FHIR-T, EMPTY-01) and the
// restricted partner (FHIR-T only).
func DefaultPartners() []Partner {
	return []Partner{
		{
			ClientID: DemoClientID, ClientSecret: DemoClientSecret, PartnerID: DemoPartnerID,
			Studies: []string{DemoStudy, LargeStudy, FixtureStudy, EmptyStudy},
		},
		{
			ClientID: RestrictedClientID, ClientSecret: RestrictedClientSecret, PartnerID: RestrictedPartnerID,
			Studies: []string{FixtureStudy},
		},
	}
}

// DefaultStudies returns the built-in studies: DEMO-01, DEMO-500, FHIR-T, EMPTY-01, DENIED-01.
func DefaultStudies() []StudySpec {
	return []StudySpec{
		{ID: DemoStudy, SponsorID: "RV1001-201", Subjects: 12, FirstSubjectID: 10091001, Archetypes: demoArchetypes},
		{ID: LargeStudy, SponsorID: "RV2150-301", Subjects: 500, FirstSubjectID: 10120001},
		{ID: FixtureStudy, SponsorID: "C3861001", Kind: Fixture},
		{ID: EmptyStudy, SponsorID: "RV0007-101", Subjects: 3, FirstSubjectID: 10150001,
			Archetypes: []Archetype{NotYetAssessed}},
		{ID: DeniedStudy, SponsorID: "RV9999-102", Subjects: 5, FirstSubjectID: 10170001},
	}
}

// demoArchetypes makes DEMO-01 show every pattern a coordinator meets, with the subject that
// has no assessment yet last.
var demoArchetypes = []Archetype{
	PartialResponder, StableDisease, LateProgressor, EarlyProgressor, CompleteResponder,
	NewLesionProgression, PartialResponder, NonTargetOnly, StableDisease, NonTargetProgression,
	LateProgressor, NotYetAssessed,
}

// DefaultConfig returns the configuration of the demo server.
func DefaultConfig() Config {
	return Config{
		Seed:         DefaultSeed,
		PageCap:      DefaultPageCap,
		DefaultCount: DefaultCount,
		WrongShare:   DefaultWrongShare,
		TokenTTL:     DefaultTokenTTL,
		Partners:     DefaultPartners(),
		Studies:      DefaultStudies(),
		Now:          time.Now,
	}
}

// normalize fills defaults and checks the configuration.
func (c Config) normalize() (Config, error) {
	if c.PageCap == 0 {
		c.PageCap = DefaultPageCap
	}
	if c.DefaultCount == 0 {
		c.DefaultCount = DefaultCount
	}
	if c.TokenTTL == 0 {
		c.TokenTTL = DefaultTokenTTL
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Partners == nil {
		c.Partners = DefaultPartners()
	}
	if c.Studies == nil {
		c.Studies = DefaultStudies()
	}
	switch {
	case c.PageCap < 1:
		return c, fmt.Errorf("%w: PageCap %d < 1", ErrConfig, c.PageCap)
	case c.DefaultCount < 1:
		return c, fmt.Errorf("%w: DefaultCount %d < 1", ErrConfig, c.DefaultCount)
	case c.WrongShare < 0 || c.WrongShare > 1:
		return c, fmt.Errorf("%w: WrongShare %g outside 0..1", ErrConfig, c.WrongShare)
	case c.TokenTTL < time.Second:
		return c, fmt.Errorf("%w: TokenTTL %v shorter than a second", ErrConfig, c.TokenTTL)
	case c.Latency < 0:
		return c, fmt.Errorf("%w: negative Latency", ErrConfig)
	}
	if c.PublicBaseURL != "" {
		u, err := url.Parse(c.PublicBaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
			return c, fmt.Errorf("%w: PublicBaseURL %q is not an origin like https://host[:port]", ErrConfig, c.PublicBaseURL)
		}
		c.PublicBaseURL = u.Scheme + "://" + u.Host
	}
	if err := checkStudies(c.Studies); err != nil {
		return c, err
	}
	f, err := c.Faults.normalize()
	if err != nil {
		return c, err
	}
	c.Faults = f
	return c, checkPartners(c.Partners, c.Studies)
}

func checkStudies(studies []StudySpec) error {
	seen := map[string]bool{}
	for _, s := range studies {
		key := strings.ToLower(s.ID)
		switch {
		case strings.TrimSpace(s.ID) == "":
			return fmt.Errorf("%w: a study has no ID", ErrConfig)
		case seen[key]:
			return fmt.Errorf("%w: study %s listed twice", ErrConfig, s.ID)
		case s.Kind == Fixture && !strings.EqualFold(s.ID, FixtureStudy):
			return fmt.Errorf("%w: study %s: only %s can be served from the fixtures", ErrConfig, s.ID, FixtureStudy)
		case s.Kind != Fixture && s.Kind != Generated:
			return fmt.Errorf("%w: study %s: unknown kind %d", ErrConfig, s.ID, s.Kind)
		case s.Kind == Generated && (s.Subjects < 0 || s.Subjects > maxSubjects):
			return fmt.Errorf("%w: study %s: %d subjects outside 0..%d", ErrConfig, s.ID, s.Subjects, maxSubjects)
		case s.FirstSubjectID != 0 && (s.FirstSubjectID < 10000000 || s.FirstSubjectID+4*s.Subjects > 99999999):
			return fmt.Errorf("%w: study %s: subject ids from %d are not 8 digits", ErrConfig, s.ID, s.FirstSubjectID)
		}
		for _, a := range s.Archetypes {
			if !a.valid() {
				return fmt.Errorf("%w: study %s: unknown archetype %q", ErrConfig, s.ID, a)
			}
		}
		seen[key] = true
	}
	return nil
}

func checkPartners(partners []Partner, studies []StudySpec) error {
	clients := map[string]bool{}
	for _, p := range partners {
		switch {
		case p.ClientID == "" || p.ClientSecret == "" || p.PartnerID == "":
			return fmt.Errorf("%w: partner %q needs a client id, a secret and a partner id", ErrConfig, p.ClientID)
		case clients[p.ClientID]:
			return fmt.Errorf("%w: client id %q listed twice", ErrConfig, p.ClientID)
		}
		clients[p.ClientID] = true
		for _, s := range p.Studies {
			if !hasStudy(studies, s) {
				return fmt.Errorf("%w: partner %q may read unknown study %q", ErrConfig, p.ClientID, s)
			}
		}
	}
	return nil
}

func hasStudy(studies []StudySpec, id string) bool {
	for _, s := range studies {
		if strings.EqualFold(s.ID, id) {
			return true
		}
	}
	return false
}

// maxSubjects bounds a generated study (ids stay 8 digits, memory stays modest).
const maxSubjects = 20000
