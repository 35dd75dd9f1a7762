// Package origin compares URL origins (scheme, host, port) the way the client's security rules
// need: credentials go only to the configured origin, and paging links to any other origin are
// refused (see the project's security.md, items 8–10).
package origin

import (
	"net"
	"net/url"
	"strings"
)

// Of returns the normalised origin of u, "scheme://host:port", with the scheme and host lower
// case and the default port made explicit.
func Of(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// Same reports whether a and b share scheme, host and port.
func Same(a, b *url.URL) bool { return Of(a) == Of(b) }

// IsLoopback reports whether host (without port) is a loopback name or address:
// "localhost", 127.0.0.0/8 or ::1.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
