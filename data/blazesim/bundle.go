package blazesim

import (
	"net/url"
	"strconv"
)

// bundlePage is one page of a search result, to be written as a searchset Bundle shaped like
// MSK's examples.
type bundlePage struct {
	kind    resource
	origin  string // scheme://host of links and fullUrls
	seg     string // the resource segment as the request spelled it, echoed in links
	study   string // researchstudy as requested, echoed in the identifier and links
	q       query
	entries []entry // the whole result; the page is cut from it
}

func (b bundlePage) lastPage() int { return (len(b.entries) + b.q.count - 1) / b.q.count }

// appendTo writes the Bundle: identifier, type, total, links (self, first, last, next unless
// on the last page, previous with a null url on page 1) and the page's entries.
func (b bundlePage) appendTo(out []byte) []byte {
	from := (b.q.page - 1) * b.q.count
	to := min(from+b.q.count, len(b.entries))
	page := b.entries[from:to]
	size := 900
	for _, e := range page {
		size += len(e.body) + 200
	}
	if out == nil {
		out = make([]byte, 0, size)
	}
	out = append(out, `{"resourceType":"Bundle","identifier":{"system":"`+sdURL+`IDB.Protocol","value":`...)
	out = appendString(out, b.study)
	out = append(out, `},"type":"searchset","total":`...)
	out = strconv.AppendInt(out, int64(len(b.entries)), 10)
	out = append(out, `,"link":[`...)
	last := b.lastPage()
	out = b.appendLink(out, "self", b.q.page)
	out = append(out, ',')
	out = b.appendLink(out, "first", 1)
	out = append(out, ',')
	out = b.appendLink(out, "last", last)
	if b.q.page < last {
		out = append(out, ',')
		out = b.appendLink(out, "next", b.q.page+1)
	}
	out = append(out, ',')
	if b.q.page > 1 {
		out = b.appendLink(out, "previous", b.q.page-1)
	} else {
		out = append(out, `{"relation":"previous","url":null}`...)
	}
	out = append(out, `],"entry":[`...)
	for i, e := range page {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, `{"fullUrl":`...)
		out = appendString(out, b.fullURL(e.id))
		out = append(out, `,"resource":`...)
		out = append(out, e.body...)
		out = append(out, '}')
	}
	return append(out, `]}`...)
}

func (b bundlePage) appendLink(out []byte, relation string, page int) []byte {
	out = append(out, `{"relation":"`...)
	out = append(out, relation...)
	out = append(out, `","url":`...)
	out = appendString(out, b.linkURL(page))
	return append(out, '}')
}

// linkURL is the absolute URL of page: the search's parameters (researchstudy, category, the
// id parameter, _count when given) and page=N.
func (b bundlePage) linkURL(page int) string {
	u := b.origin + FHIRBasePath + "/" + b.seg + "?"
	sep := ""
	add := func(name, value string) {
		u += sep + name + "=" + url.QueryEscape(value)
		sep = "&"
	}
	if b.q.study != "" {
		add("researchstudy", b.q.study)
	}
	if b.q.category != "" {
		add("category", b.q.category)
	}
	if b.q.idName != "" {
		add(b.q.idName, b.q.id)
	}
	if b.q.countGiven {
		add("_count", strconv.Itoa(b.q.count))
	}
	add("page", strconv.Itoa(page))
	return u
}

// fullURL is an entry's fullUrl, spelled as MSK's examples spell it per resource type.
func (b bundlePage) fullURL(id string) string {
	base := b.origin + FHIRBasePath
	s := url.QueryEscape(b.study)
	switch b.kind {
	case resReport:
		return base + "/DiagnosticReport?researchstudy=" + s + "&_Id=" + url.QueryEscape(id)
	case resObservation:
		return base + "/Observation?researchstudy=" + s + "&category=imaging&_Id=" + url.QueryEscape(id)
	case resPatient:
		return base + "/patient/" + url.PathEscape(id)
	}
	return base + "/group?researchstudy=" + s
}
