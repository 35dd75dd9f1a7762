package blazesim

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Running is a Server listening on a TCP address.
type Running struct {
	// Server is the handler, for Truth, Stats and RevokeTokens.
	Server *Server
	// Origin is "http://127.0.0.1:PORT".
	Origin string
	// BaseURL is the absolute FHIR base (Origin + FHIRBasePath).
	BaseURL string
	// TokenURL is the absolute token endpoint (Origin + TokenPath).
	TokenURL string

	http *http.Server
	done chan error
	once sync.Once
	err  error
}

// Start runs a server for cfg on a free loopback port (127.0.0.1:0).
func Start(cfg Config) (*Running, error) { return StartOn("127.0.0.1:0", cfg) }

// StartDemo runs the demo server (DefaultConfig) on a free loopback port.
func StartDemo() (*Running, error) { return Start(DefaultConfig()) }

// StartOn runs a server for cfg listening on addr ("127.0.0.1:8750"; port 0 picks a free one).
func StartOn(addr string, cfg Config) (*Running, error) {
	s, err := NewServer(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("blazesim: listen on %s: %w", addr, err)
	}
	origin := "http://" + ln.Addr().String()
	r := &Running{
		Server: s, Origin: origin, BaseURL: origin + FHIRBasePath, TokenURL: origin + TokenPath,
		http: &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second},
		done: make(chan error, 1),
	}
	go func() {
		err := r.http.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		r.done <- err
	}()
	return r, nil
}

// Close stops the server at once, closing open connections, and waits for it to stop. It
// returns the error that ended serving early, if any; closing twice is harmless.
func (r *Running) Close() error {
	r.once.Do(func() {
		cerr := r.http.Close()
		r.err = errors.Join(<-r.done, cerr)
	})
	return r.err
}
