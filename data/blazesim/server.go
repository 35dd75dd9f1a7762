package blazesim

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// Server is the simulated Blaze gateway: an http.Handler serving the token endpoint and the
// FHIR base. It is safe for concurrent use.
type Server struct {
	cfg        Config
	studies    []*study
	partners   map[string]*Partner // by client id
	tokens     tokenStore
	stats      counters
	capability []byte
	handler    http.Handler
	faults     *injector // nil without Config.Faults
}

// NewServer checks cfg (errors wrap ErrConfig) and returns a server. Studies are generated on
// first use, so creating a server is cheap.
func NewServer(cfg Config) (*Server, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, partners: map[string]*Partner{}, capability: capabilityStatement()}
	s.tokens.tokens = map[string]tokenGrant{}
	s.stats.byPath = map[string]int64{}
	for i := range cfg.Partners {
		p := cfg.Partners[i]
		s.partners[p.ClientID] = &p
	}
	for _, spec := range cfg.Studies {
		s.studies = append(s.studies, &study{spec: spec})
	}
	var h http.Handler = http.HandlerFunc(s.route)
	for i := len(cfg.Middleware) - 1; i >= 0; i-- {
		h = cfg.Middleware[i](h)
	}
	s.handler = s.count(s.delay(s.injectFaults(h)))
	return s, nil
}

// ServeHTTP serves one request: it is counted, delayed by Config.Latency, exposed to
// Config.Faults, passed through Config.Middleware and routed.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Config returns the server's configuration with defaults filled in. The slices are copies;
// the Partner and StudySpec values in them share their own slices and must not be modified.
func (s *Server) Config() Config {
	c := s.cfg
	c.Partners, c.Studies = slices.Clone(c.Partners), slices.Clone(c.Studies)
	c.Middleware = slices.Clone(c.Middleware)
	c.Faults.Kinds = slices.Clone(c.Faults.Kinds)
	return c
}

// Truth returns the ground truth of a generated study (generating it if needed). It fails
// with ErrUnknownStudy for a study the server does not hold and ErrNotGenerated for FHIR-T.
func (s *Server) Truth(studyID string) (*Truth, error) {
	st := s.lookupStudy(studyID)
	if st == nil {
		return nil, ErrUnknownStudy
	}
	if st.spec.Kind != Generated {
		return nil, ErrNotGenerated
	}
	return s.load(st).truth, nil
}

// RevokeTokens invalidates every access token issued so far, as a gateway restart would: the
// next data request with one of them gets 401.
func (s *Server) RevokeTokens() { s.tokens.revokeAll() }

func (s *Server) load(st *study) *studyData { return st.load(s.cfg.Seed, s.cfg.WrongShare) }

// lookupStudy finds a study by number, case-insensitively.
func (s *Server) lookupStudy(id string) *study {
	for _, st := range s.studies {
		if strings.EqualFold(st.spec.ID, id) {
			return st
		}
	}
	return nil
}

// delay holds each request for Config.Latency, or until the client gives up.
func (s *Server) delay(next http.Handler) http.Handler {
	if s.cfg.Latency <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := time.NewTimer(s.cfg.Latency)
		defer t.Stop()
		select {
		case <-t.C:
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})
}

// route dispatches by path: the token endpoint, the capability statement, resources.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if strings.EqualFold(path, TokenPath) {
		s.serveToken(w, r)
		return
	}
	rest, ok := cutPrefixFold(path, FHIRBasePath+"/")
	if !ok {
		writeOutcome(w, http.StatusNotFound, false, "not-found", "Resource not found: "+path)
		return
	}
	seg, id, _ := strings.Cut(rest, "/")
	id = strings.TrimSuffix(id, "/")
	fhirJSON := wantsFHIRJSON(r)
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeOutcome(w, http.StatusMethodNotAllowed, fhirJSON, "not-supported", "Method "+r.Method+" is not supported")
		return
	}
	if strings.EqualFold(seg, "metadata") && id == "" {
		writeBody(w, http.StatusOK, fhirJSON, s.capability)
		return
	}
	kind, ok := resourceOf(seg)
	if !ok {
		writeOutcome(w, http.StatusNotFound, fhirJSON, "not-supported", "Resource type "+seg+" is not supported")
		return
	}
	s.serveData(w, r, kind, seg, id)
}

// resourceOf maps a path segment to a resource type, case-insensitively.
func resourceOf(seg string) (resource, bool) {
	switch strings.ToLower(seg) {
	case "diagnosticreport":
		return resReport, true
	case "observation":
		return resObservation, true
	case "patient":
		return resPatient, true
	case "group":
		return resGroup, true
	}
	return 0, false
}

// cutPrefixFold is strings.CutPrefix ignoring ASCII case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}
