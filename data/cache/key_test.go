package cache

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

func TestKeysAreNormalised(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if err := s.Save(ctx, testKey, sampleSnapshot()); err != nil {
		t.Fatal(err)
	}
	for _, k := range []Key{
		{Server: "HTTPS://Blaze.Example.org/api/", Partner: " P-1 ", Study: "12-345"},
		{Server: "https://blaze.example.org:443/api", Partner: "P-1", Study: " 12-345 "},
		{Server: "https://user:secret@blaze.example.org/api?x=1#f", Partner: "P-1", Study: "12-345"},
	} {
		if _, err := s.Load(ctx, k); err != nil {
			t.Errorf("%+v: %v", k, err)
		}
	}
	lower := Key{Server: "demo", Partner: "P", Study: "demo-01"}
	if err := s.Save(ctx, lower, sampleSnapshot()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, Key{Server: "Demo", Partner: "P", Study: "DEMO-01"}); err != nil {
		t.Error(err)
	}
	for _, k := range []Key{
		{Server: "https://blaze.example.org/api", Partner: "p-1", Study: "12-345"}, // partner is exact
		{Server: "http://blaze.example.org/api", Partner: "P-1", Study: "12-345"},  // scheme matters
		{Server: "https://blaze.example.org/api2", Partner: "P-1", Study: "12-345"},
	} {
		if _, err := s.Load(ctx, k); !errors.Is(err, ErrNotCached) {
			t.Errorf("%+v: err = %v, want ErrNotCached", k, err)
		}
	}
}

func TestNormalizeServer(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Blaze.Example.ORG/API/v2/", "https://blaze.example.org/API/v2"},
		{"HTTP://127.0.0.1:8750/fhir", "http://127.0.0.1:8750/fhir"},
		{"http://localhost:80/fhir", "http://localhost/fhir"},
		{"https://[::1]:8443/x", "https://[::1]:8443/x"},
		{"https://u:p@h.org/x?token=abc#frag", "https://h.org/x"},
		{"https://h.org", "https://h.org"},
		{" demo ", "demo"},
	}
	for _, tt := range tests {
		got, err := NormalizeServer(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeServer(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "  ", "https://", "not a server", "a/b", "https://u:secret@"} {
		_, err := NormalizeServer(bad)
		if !errors.Is(err, ErrInvalidKey) {
			t.Errorf("NormalizeServer(%q): err = %v, want ErrInvalidKey", bad, err)
		}
		if err != nil && bytes.Contains([]byte(err.Error()), []byte("secret")) {
			t.Errorf("the error repeats a credential: %v", err)
		}
	}
	for _, k := range []Key{{Server: "demo", Study: "S"}, {Server: "demo", Partner: "P"}} {
		if _, err := k.Normalize(); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%+v: err = %v", k, err)
		}
	}
}

func TestNotCachedMessage(t *testing.T) {
	s, _ := openTemp(t)
	_, err := s.Load(context.Background(), Key{Server: "https://h.org/api/", Partner: "P-9", Study: "x-1"})
	var nc *NotCachedError
	if !errors.As(err, &nc) || !errors.Is(err, ErrNotCached) {
		t.Fatalf("err = %v", err)
	}
	if want := "study X-1 is not in the cache for partner P-9 on server https://h.org/api"; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
}
