package cache

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// Key names one cached study: which server it came from, for which partner, and which study.
// The zero-value fields are invalid; Save, Load and Forget normalise a Key before use, so
// "HTTPS://Blaze.example.org/api/" and "https://blaze.example.org/api" are the same server,
// and "demo-01" and "DEMO-01" the same study.
type Key struct {
	// Server is the FHIR base URL (scheme, host, port and path; the query, fragment and any
	// user information are dropped), or, for a server without a stable URL such as the
	// built-in demo simulator whose port changes every run, a plain name like "demo".
	Server string
	// Partner is the partner id (x-partnerid) the study was read as; compared exactly.
	Partner string
	// Study is the MSK study number, compared case-insensitively (stored upper-cased).
	Study string
}

// String is the key as people read it.
func (k Key) String() string {
	return fmt.Sprintf("study %s for partner %s on %s", k.Study, k.Partner, k.Server)
}

// Normalize returns the key in its stored form, or an error wrapping ErrInvalidKey.
func (k Key) Normalize() (Key, error) {
	server, err := NormalizeServer(k.Server)
	if err != nil {
		return Key{}, err
	}
	partner := strings.TrimSpace(k.Partner)
	study := strings.ToUpper(strings.TrimSpace(k.Study))
	switch {
	case partner == "":
		return Key{}, fmt.Errorf("%w: no partner id", ErrInvalidKey)
	case study == "":
		return Key{}, fmt.Errorf("%w: no study number", ErrInvalidKey)
	}
	return Key{Server: server, Partner: partner, Study: study}, nil
}

// NormalizeServer returns the stored form of a server: for a URL, the lower-cased scheme and
// host, without a default port (80 for http, 443 for https), followed by the path without
// trailing slashes; the query, fragment and user information are dropped so that no
// credential can end up in the cache. A value without "://" is a name (e.g. "demo") and is
// lower-cased; it may not contain spaces or slashes.
func NormalizeServer(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("%w: no server", ErrInvalidKey)
	}
	if !strings.Contains(s, "://") {
		if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '/' || r == '\\' }) {
			return "", fmt.Errorf("%w: server name %q is neither a URL nor a plain name", ErrInvalidKey, s)
		}
		return strings.ToLower(s), nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%w: server %q is not an absolute URL", ErrInvalidKey, stripUser(s))
	}
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if p := u.Port(); p != "" && !(scheme == "http" && p == "80") && !(scheme == "https" && p == "443") {
		host += ":" + p
	}
	return scheme + "://" + host + strings.TrimRight(u.EscapedPath(), "/"), nil
}

// stripUser removes user information from a URL-like string for an error message.
func stripUser(s string) string {
	i := strings.Index(s, "://")
	if i < 0 {
		return s
	}
	rest := s[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return s[:i+3] + rest[at+1:]
	}
	return s
}
