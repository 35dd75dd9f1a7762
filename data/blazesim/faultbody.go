package blazesim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// captured is a response held in memory so that a fault can change it before it is sent.
type captured struct {
	header http.Header
	status int
	body   bytes.Buffer
}

// capture serves r through next into memory.
func capture(next http.Handler, r *http.Request) *captured {
	c := &captured{header: http.Header{}}
	next.ServeHTTP(c, r)
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c
}

func (c *captured) Header() http.Header { return c.header }

func (c *captured) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *captured) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}

// writeTo sends the captured headers and status with body as the response, announcing
// len(body) bytes but sending only the first send of them. When send is short the handler
// returns with the body incomplete, and net/http closes the connection: the client sees the
// body end early.
func (c *captured) writeTo(w http.ResponseWriter, body []byte, send int) {
	for k, v := range c.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(c.status)
	_, _ = w.Write(body[:send]) // an error means the client went away
	if f, ok := w.(http.Flusher); ok && send < len(body) {
		f.Flush()
	}
}

// wrongTypes gives each resource type the one FaultWrongType serves instead.
var wrongTypes = map[string]string{
	"DiagnosticReport": "Observation",
	"Observation":      "DiagnosticReport",
	"Patient":          "Group",
	"Group":            "Patient",
}

// swapEntryTypes returns a Bundle whose entries claim another resource type. ok is false when
// body is not a Bundle with entries.
func swapEntryTypes(body []byte) ([]byte, bool) {
	var b map[string]json.RawMessage
	var entries []map[string]json.RawMessage
	if json.Unmarshal(body, &b) != nil || !isBundle(b) || json.Unmarshal(b["entry"], &entries) != nil || len(entries) == 0 {
		return nil, false
	}
	for _, e := range entries {
		var res map[string]json.RawMessage
		var rt string
		if json.Unmarshal(e["resource"], &res) != nil || json.Unmarshal(res["resourceType"], &rt) != nil {
			return nil, false
		}
		other, ok := wrongTypes[rt]
		if !ok {
			other = "Basic"
		}
		res["resourceType"] = mustJSON(other)
		e["resource"] = mustJSON(res)
	}
	b["entry"] = mustJSON(entries)
	return mustJSON(b), true
}

// link is one Bundle.link as FaultNextCycle and FaultNextForeign rewrite it.
type link struct {
	Relation string  `json:"relation"`
	URL      *string `json:"url"`
}

// bendLinks drops the `last` link of a Bundle and bends `next`: for FaultNextCycle back to the
// page before (page 1 keeps its real next, or links to itself when it is the only page); for
// FaultNextForeign to the same path and query on foreign. ok is false when body is not a Bundle
// with a usable self link.
func bendLinks(f Fault, body []byte, foreign string) ([]byte, bool) {
	var b map[string]json.RawMessage
	var links []link
	if json.Unmarshal(body, &b) != nil || !isBundle(b) || json.Unmarshal(b["link"], &links) != nil {
		return nil, false
	}
	var self, next *url.URL
	kept := links[:0]
	for _, l := range links {
		switch {
		case l.Relation == "last":
			continue
		case l.Relation == "self" && l.URL != nil:
			self, _ = url.Parse(*l.URL)
		case l.Relation == "next" && l.URL != nil:
			next, _ = url.Parse(*l.URL)
			continue
		}
		kept = append(kept, l)
	}
	if self == nil {
		return nil, false
	}
	page, err := strconv.Atoi(self.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	switch {
	case f == FaultNextCycle && page > 1:
		next = withPage(self, page-1)
	case f == FaultNextCycle && next == nil:
		next = withPage(self, page)
	case f == FaultNextForeign:
		if next == nil {
			next = withPage(self, page+1)
		}
		fo, err := url.Parse(foreign)
		if err != nil {
			return nil, false
		}
		next.Scheme, next.Host = fo.Scheme, fo.Host
	}
	s := next.String()
	kept = append(kept, link{Relation: "next", URL: &s})
	b["link"] = mustJSON(kept)
	return mustJSON(b), true
}

// withPage returns a copy of u with the page parameter set to n.
func withPage(u *url.URL, n int) *url.URL {
	c := *u
	q := c.Query()
	q.Set("page", strconv.Itoa(n))
	c.RawQuery = q.Encode()
	return &c
}

func isBundle(b map[string]json.RawMessage) bool {
	var rt string
	return json.Unmarshal(b["resourceType"], &rt) == nil && rt == "Bundle"
}

// mustJSON marshals values that always marshal (strings, raw messages, maps of them).
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("blazesim: " + err.Error()) // unreachable for the types used here
	}
	return b
}
