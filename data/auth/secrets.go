package auth

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"

	"github.com/zalando/go-keyring"
)

// KeychainService is the service name under which client secrets are stored in the OS keychain.
const KeychainService = "RECIST View"

// EnvClientSecret is the environment variable the CLI reads the client secret from.
const EnvClientSecret = "RECIST_CLIENT_SECRET"

// Errors of a [SecretStore], matched with errors.Is.
var (
	// ErrNoKeychain: the OS has no usable keychain or secret service (e.g. a Linux session
	// without D-Bus or without a Secret Service provider). There is no plaintext fallback:
	// the caller asks for the secret each time, or uses an explicitly encrypted file.
	ErrNoKeychain = errors.New("no keychain is available on this system")
	// ErrSecretNotFound: the keychain has no secret for this service and account.
	ErrSecretNotFound = errors.New("no secret is stored for this account")
	// ErrSecretTooLarge: the keychain refused to store a secret this large.
	ErrSecretTooLarge = errors.New("the secret is too large for the keychain")
)

// SecretStore keeps client secrets by service and account. Implementations may block (an OS
// keychain can show an unlock prompt): never call them on the UI thread.
type SecretStore interface {
	// Get returns the secret, or an error matching ErrSecretNotFound or ErrNoKeychain.
	Get(service, account string) (string, error)
	// Set stores secret, replacing any previous one.
	Set(service, account, secret string) error
	// Delete removes the secret; an error matches ErrSecretNotFound if there was none.
	Delete(service, account string) error
}

// AccountKey returns the keychain account name for a profile's secret: the profile name, the
// client id and the partner id, each path-escaped and joined with "/", e.g.
// "MSK%20staging/abc123/P-42". Escaping keeps the key unambiguous whatever the parts contain,
// and one profile with a changed client or partner id gets its own entry.
func AccountKey(profile, clientID, partnerID string) string {
	return url.PathEscape(profile) + "/" + url.PathEscape(clientID) + "/" + url.PathEscape(partnerID)
}

// SecretFromEnv returns the client secret from the RECIST_CLIENT_SECRET environment variable,
// and false when it is unset or empty. For the CLI: the secret is never a command-line flag.
func SecretFromEnv() (string, bool) {
	s, ok := os.LookupEnv(EnvClientSecret)
	return s, ok && s != ""
}

// KeychainError is a [KeyringStore] failure. It matches [ErrNoKeychain], [ErrSecretNotFound] or
// [ErrSecretTooLarge] where those apply, and wraps the go-keyring error. It never contains the
// secret.
type KeychainError struct {
	Op      string // "get", "set" or "delete"
	Service string
	Account string
	// Class is ErrNoKeychain, ErrSecretNotFound, ErrSecretTooLarge, or nil for other failures
	// (a locked keychain, a dismissed prompt, ...).
	Class error
	Err   error // from go-keyring
}

// Error implements error.
func (e *KeychainError) Error() string {
	msg := fmt.Sprintf("auth: keychain %s %q for %q", e.Op, e.Account, e.Service)
	if e.Class != nil {
		msg += ": " + e.Class.Error()
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the class and the go-keyring error.
func (e *KeychainError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Class, e.Err} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// KeyringStore is the [SecretStore] of the OS keychain (macOS Keychain, Windows Credential
// Manager, the freedesktop Secret Service), through github.com/zalando/go-keyring. The zero
// value is ready to use. Its methods block while the OS shows an unlock prompt.
type KeyringStore struct {
	// busProbe reports whether the session bus is reachable (unix only); nil means the real
	// probe. Tests replace it.
	busProbe func() error
}

var _ SecretStore = KeyringStore{}

// Get implements SecretStore.
func (k KeyringStore) Get(service, account string) (string, error) {
	s, err := keyring.Get(service, account)
	if err != nil {
		return "", k.wrap("get", service, account, err)
	}
	return s, nil
}

// Set implements SecretStore.
func (k KeyringStore) Set(service, account, secret string) error {
	return k.wrap("set", service, account, keyring.Set(service, account, secret))
}

// Delete implements SecretStore.
func (k KeyringStore) Delete(service, account string) error {
	return k.wrap("delete", service, account, keyring.Delete(service, account))
}

func (k KeyringStore) wrap(op, service, account string, err error) error {
	if err == nil {
		return nil
	}
	return &KeychainError{Op: op, Service: service, Account: account, Class: k.classify(err), Err: err}
}

// classify maps a go-keyring error to ErrSecretNotFound, ErrSecretTooLarge, ErrNoKeychain or nil.
func (k KeyringStore) classify(err error) error {
	var execErr *exec.Error
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return ErrSecretNotFound
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return ErrSecretTooLarge
	case errors.Is(err, keyring.ErrUnsupportedPlatform):
		return ErrNoKeychain
	case errors.As(err, &execErr):
		// A helper is missing: /usr/bin/security on macOS, dbus-launch for D-Bus autolaunch.
		return ErrNoKeychain
	}
	probe := k.busProbe
	if probe == nil {
		probe = sessionBusProbe
	}
	if noSecretService(err, probe) {
		return ErrNoKeychain
	}
	return nil
}
