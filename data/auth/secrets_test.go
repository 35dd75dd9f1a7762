package auth

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

func TestKeyringStoreRoundTrip(t *testing.T) {
	keyring.MockInit()
	var store SecretStore = KeyringStore{}
	account := AccountKey("MSK staging", testClientID, testPartnerID)

	_, err := store.Get(KeychainService, account)
	if !errors.Is(err, ErrSecretNotFound) || !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("Get before Set = %v, want ErrSecretNotFound wrapping keyring.ErrNotFound", err)
	}
	if errors.Is(err, ErrNoKeychain) {
		t.Errorf("not-found also matches ErrNoKeychain")
	}
	var ke *KeychainError
	if !errors.As(err, &ke) || ke.Op != "get" || ke.Service != KeychainService || ke.Account != account {
		t.Errorf("KeychainError = %+v", ke)
	}

	if err := store.Set(KeychainService, account, testSecret); err != nil {
		t.Fatalf("Set: %v", err)
	}
	got, err := store.Get(KeychainService, account)
	if err != nil || got != testSecret {
		t.Fatalf("Get = %q, %v; want the secret", got, err)
	}
	if _, err := store.Get(KeychainService, AccountKey("MSK staging", testClientID, "other")); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("another partner's account: %v, want ErrSecretNotFound", err)
	}
	if err := store.Delete(KeychainService, account); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := store.Delete(KeychainService, account); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("second Delete = %v, want ErrSecretNotFound", err)
	}
}

func TestKeyringStoreErrors(t *testing.T) {
	busDown := func() error { return errors.New("dbus: couldn't determine address of session bus") }
	busUp := func() error { return nil }
	tests := []struct {
		name  string
		err   error
		probe func() error
		want  error // the class; nil for "other keychain failure"
	}{
		{"unsupported platform", keyring.ErrUnsupportedPlatform, busUp, ErrNoKeychain},
		{"helper missing", &exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}, busUp, ErrNoKeychain},
		{"too big", keyring.ErrSetDataTooBig, busDown, ErrSecretTooLarge},
		{"not found", keyring.ErrNotFound, busDown, ErrSecretNotFound},
		{"other failure, keychain present", errors.New("failed to unlock correct collection"), busUp, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keyring.MockInitWithError(tt.err)
			store := KeyringStore{busProbe: tt.probe}
			for op, err := range map[string]error{
				"get":    func() error { _, err := store.Get(KeychainService, "a"); return err }(),
				"set":    store.Set(KeychainService, "a", testSecret),
				"delete": store.Delete(KeychainService, "a"),
			} {
				if !errors.Is(err, tt.err) {
					t.Errorf("%s: %v does not wrap the go-keyring error", op, err)
				}
				var ke *KeychainError
				if !errors.As(err, &ke) || ke.Op != op {
					t.Errorf("%s: %v is not a *KeychainError for %q", op, err, op)
					continue
				}
				if ke.Class != tt.want {
					t.Errorf("%s: Class = %v, want %v", op, ke.Class, tt.want)
				}
				if tt.want == nil && (errors.Is(err, ErrNoKeychain) || errors.Is(err, ErrSecretNotFound)) {
					t.Errorf("%s: %v matches a class it should not", op, err)
				}
				if strings.Contains(err.Error(), testSecret) {
					t.Errorf("%s: the secret appears in %q", op, err)
				}
			}
		})
	}
}

func TestAccountKey(t *testing.T) {
	if got, want := AccountKey("MSK staging", "abc123", "P-42"), "MSK%20staging/abc123/P-42"; got != want {
		t.Errorf("AccountKey = %q, want %q", got, want)
	}
	// Parts containing the separator cannot collide.
	if AccountKey("a/b", "c", "d") == AccountKey("a", "b/c", "d") {
		t.Error("AccountKey is ambiguous")
	}
	if AccountKey("p", "c", "d1") == AccountKey("p", "c", "d2") {
		t.Error("AccountKey ignores the partner id")
	}
}

func TestSecretFromEnv(t *testing.T) {
	t.Setenv(EnvClientSecret, "")
	if _, ok := SecretFromEnv(); ok {
		t.Error("empty variable reported as set")
	}
	t.Setenv(EnvClientSecret, testSecret)
	if s, ok := SecretFromEnv(); !ok || s != testSecret {
		t.Errorf("SecretFromEnv = %q, %v", s, ok)
	}
}
