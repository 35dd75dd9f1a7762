//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package auth

import (
	"errors"
	"testing"

	dbus "github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

func TestKeyringStoreNoSecretService(t *testing.T) {
	busUp := func() error { return nil }
	busDown := func() error { return errors.New("dbus: couldn't determine address of session bus") }
	tests := []struct {
		name  string
		err   error
		probe func() error
		want  error
	}{
		{"service unknown", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown"}, busUp, ErrNoKeychain},
		{"service unknown (pointer)", &dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown"}, busUp, ErrNoKeychain},
		{"spawn failed", dbus.Error{Name: "org.freedesktop.DBus.Error.Spawn.ChildExited"}, busUp, ErrNoKeychain},
		{"locked", dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"}, busDown, nil},
		{"no session bus", errors.New("dbus: couldn't determine address of session bus"), busDown, ErrNoKeychain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keyring.MockInitWithError(tt.err)
			_, err := KeyringStore{busProbe: tt.probe}.Get(KeychainService, "a")
			var ke *KeychainError
			if !errors.As(err, &ke) || ke.Class != tt.want {
				t.Errorf("Get = %v, want class %v", err, tt.want)
			}
		})
	}
}
