package origin

import (
	"net/url"
	"testing"
)

func TestSame(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://h.example/a", "https://H.EXAMPLE:443/b?x", true},
		{"http://127.0.0.1:8080/a", "http://127.0.0.1:8080/z", true},
		{"http://h.example/a", "http://h.example:80/", true},
		{"https://h.example/a", "http://h.example/a", false},
		{"https://h.example/a", "https://h.example:8443/a", false},
		{"https://h.example/a", "https://evil.example/a", false},
		{"https://h.example/a", "https://h.example.evil.example/a", false},
	}
	for _, tt := range tests {
		a, _ := url.Parse(tt.a)
		b, _ := url.Parse(tt.b)
		if got := Same(a, b); got != tt.want {
			t.Errorf("Same(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "127.0.0.1": true, "127.1.2.3": true, "::1": true, "[::1]": true,
		"10.0.0.1": false, "example.org": false, "localhost.example.org": false, "": false,
	} {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}
