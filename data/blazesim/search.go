package blazesim

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// query is a parsed search request.
type query struct {
	fhirJSON   bool
	study      string // researchstudy as requested
	idName     string // the id parameter as spelled: _id, _Id or id
	id         string
	category   string
	count      int
	countGiven bool
	page       int
}

// parseQuery reads the search parameters; _count is capped at pageCap.
func parseQuery(v url.Values, defCount, pageCap int) (query, *failure) {
	q := query{study: v.Get("researchstudy"), category: v.Get("category"), count: defCount, page: 1}
	for _, name := range []string{"_id", "_Id", "id", "_ID"} {
		if v.Has(name) {
			q.idName, q.id = name, v.Get(name)
			break
		}
	}
	if c := v.Get("_count"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 {
			return q, invalidParam("_count", c)
		}
		q.count, q.countGiven = min(n, pageCap), true
	}
	q.count = min(q.count, pageCap)
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return q, invalidParam("page", p)
		}
		q.page = n
	}
	return q, nil
}

// authenticate checks the bearer token and that x-partnerid names the token's partner.
func (s *Server) authenticate(r *http.Request) (*Partner, *failure) {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, &failure{status: http.StatusUnauthorized, code: "login", text: textBadToken}
	}
	p, ok := s.tokens.lookup(tok, s.cfg.Now())
	if !ok {
		return nil, &failure{status: http.StatusUnauthorized, code: "login", text: textBadToken}
	}
	if r.Header.Get("x-partnerid") != p.PartnerID {
		return nil, &failure{status: http.StatusUnauthorized, code: "security", text: textBadPartner}
	}
	return p, nil
}

// serveData answers a search (readID == "") or a read of one resource, in Blaze's order of
// checks: 401 authentication, 400 parameters, 403 study access, 404 no records.
func (s *Server) serveData(w http.ResponseWriter, r *http.Request, kind resource, seg, readID string) {
	v := r.URL.Query()
	fhirJSON := wantsFHIRJSON(r)
	p, f := s.authenticate(r)
	if f != nil {
		writeFailure(w, fhirJSON, f)
		return
	}
	q, f := parseQuery(v, s.cfg.DefaultCount, s.cfg.PageCap)
	if f != nil {
		writeFailure(w, fhirJSON, f)
		return
	}
	q.fhirJSON = fhirJSON
	if readID != "" {
		q.idName, q.id = "", readID
	}
	if q.study == "" && kind == resPatient && q.id != "" {
		s.servePatientAnywhere(w, r, p, q, seg, readID != "")
		return
	}
	st, f := s.readableStudy(p, q.study)
	if f != nil {
		writeFailure(w, fhirJSON, f)
		return
	}
	if kind == resObservation && readID == "" {
		if q.category == "" {
			writeFailure(w, fhirJSON, missingParam("category"))
			return
		}
		if !strings.EqualFold(q.category, "imaging") {
			writeFailure(w, fhirJSON, errNoRecords)
			return
		}
		q.category = "imaging"
	}
	d := s.load(st)
	if readID != "" {
		s.serveRead(w, fhirJSON, d.find(kind, readID))
		return
	}
	if page := d.pages[kind]; page != nil && q.id == "" { // FHIR-T: the fixtures are page 1
		if q.page != 1 {
			writeFailure(w, fhirJSON, errNoRecords)
			return
		}
		writeBody(w, http.StatusOK, fhirJSON, rewriteOrigin(page, s.origin(r)))
		return
	}
	entries := d.lists[kind]
	if q.id != "" {
		entries = d.find(kind, q.id)
	}
	s.serveBundle(w, r, bundlePage{kind: kind, seg: seg, study: q.study, q: q, entries: entries})
}

// readableStudy resolves researchstudy: 400 when it is missing, 403 when the partner may not
// read it (unknown studies included, as Blaze does not say which studies exist).
func (s *Server) readableStudy(p *Partner, studyID string) (*study, *failure) {
	if studyID == "" {
		return nil, missingParam("researchstudy")
	}
	st := s.lookupStudy(studyID)
	if st == nil || !p.MayRead(st.spec.ID) {
		return nil, &failure{status: http.StatusForbidden, code: "forbidden", text: textNotAuthorized + studyID}
	}
	return st, nil
}

// servePatientAnywhere finds a Patient by id in the studies the partner may read.
func (s *Server) servePatientAnywhere(w http.ResponseWriter, r *http.Request, p *Partner, q query, seg string, read bool) {
	for _, st := range s.studies {
		if !p.MayRead(st.spec.ID) {
			continue
		}
		found := s.load(st).find(resPatient, q.id)
		if len(found) == 0 {
			continue
		}
		if read {
			s.serveRead(w, q.fhirJSON, found)
			return
		}
		s.serveBundle(w, r, bundlePage{kind: resPatient, seg: seg, study: st.spec.ID, q: q, entries: found})
		return
	}
	writeFailure(w, q.fhirJSON, errNoRecords)
}

// serveRead answers a read with the resource itself.
func (s *Server) serveRead(w http.ResponseWriter, fhirJSON bool, found []entry) {
	if len(found) == 0 {
		writeFailure(w, fhirJSON, errNoRecords)
		return
	}
	writeBody(w, http.StatusOK, fhirJSON, found[0].body)
}

// serveBundle answers one page of a search; an empty result or a page past the end is
// 404 "No records found", as Blaze answers.
func (s *Server) serveBundle(w http.ResponseWriter, r *http.Request, b bundlePage) {
	b.origin = s.origin(r)
	if len(b.entries) == 0 || b.q.page > b.lastPage() {
		writeFailure(w, b.q.fhirJSON, errNoRecords)
		return
	}
	writeBody(w, http.StatusOK, b.q.fhirJSON, b.appendTo(nil))
}

// origin is the scheme and host links are written with: Config.PublicBaseURL, else the
// request's own.
func (s *Server) origin(r *http.Request) string {
	if s.cfg.PublicBaseURL != "" {
		return s.cfg.PublicBaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
