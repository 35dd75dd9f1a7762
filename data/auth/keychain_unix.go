//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package auth

import (
	"errors"
	"strings"

	dbus "github.com/godbus/dbus/v5"
)

// sessionBusProbe connects to the D-Bus session bus, as go-keyring does before every operation.
func sessionBusProbe() error {
	_, err := dbus.SessionBus()
	return err
}

// noSecretService reports whether err means there is no Secret Service here: D-Bus answered
// that no such service exists (or could not start it), or the session bus itself cannot be
// reached (godbus reports that with untyped errors, so the bus is probed again).
func noSecretService(err error, probe func() error) bool {
	var name string
	var v dbus.Error
	var p *dbus.Error
	switch {
	case errors.As(err, &v):
		name = v.Name
	case errors.As(err, &p) && p != nil:
		name = p.Name
	default:
		return probe() != nil
	}
	switch name {
	case "org.freedesktop.DBus.Error.ServiceUnknown",
		"org.freedesktop.DBus.Error.NameHasNoOwner",
		"org.freedesktop.DBus.Error.NoServer",
		"org.freedesktop.DBus.Error.Disconnected":
		return true
	}
	return strings.HasPrefix(name, "org.freedesktop.DBus.Error.Spawn.")
}
