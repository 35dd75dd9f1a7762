//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package auth

// sessionBusProbe is unused outside the Secret Service platforms.
func sessionBusProbe() error { return nil }

// noSecretService: macOS and Windows have no Secret Service; their keychain errors that mean
// "no keychain" are classified in KeyringStore.classify.
func noSecretService(error, func() error) bool { return false }
