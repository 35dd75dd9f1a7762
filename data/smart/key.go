package smart

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
)

// Signing algorithms for SMART Backend Services client assertions (security.md rule 15).
const (
	AlgRS384 = "RS384" // RSASSA-PKCS1-v1_5 with SHA-384; RSA keys of at least 2048 bits
	AlgES384 = "ES384" // ECDSA on P-384 with SHA-384
)

// MinRSABits is the smallest RSA key accepted for RS384.
const MinRSABits = 2048

var (
	errNoKeyBlock   = errors.New("no private key found in the PEM data")
	errEncryptedKey = errors.New("the private key is encrypted; export it unencrypted (and keep the file private)")
	errKeyType      = errors.New("the key is neither RSA nor ECDSA P-384")
	errRSATooSmall  = fmt.Errorf("the RSA key is smaller than %d bits", MinRSABits)
	errCurve        = errors.New("the ECDSA key is not on curve P-384 (ES384)")
	errNoKey        = errors.New("no key")
)

// ParsePrivateKeyPEM reads the first private key in PEM data — PKCS#8 ("PRIVATE KEY"), PKCS#1
// ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY"; an "EC PARAMETERS" block before it, as openssl
// writes, is skipped, as are certificates) — and checks that it can sign SMART client assertions:
// an RSA key of at least [MinRSABits] bits (RS384) or an ECDSA P-384 key (ES384). The result is
// an *rsa.PrivateKey or *ecdsa.PrivateKey.
//
// Encrypted PEM is refused. The error is an *[Error] of kind [KindKey]; it never contains key
// material.
func ParsePrivateKeyPEM(data []byte) (crypto.Signer, error) {
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, &Error{Kind: KindKey, Err: errNoKeyBlock}
		}
		if _, ok := block.Headers["Proc-Type"]; ok && block.Type != "CERTIFICATE" {
			return nil, &Error{Kind: KindKey, Err: errEncryptedKey}
		}
		var (
			key any
			err error
		)
		switch block.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		case "ENCRYPTED PRIVATE KEY":
			return nil, &Error{Kind: KindKey, Err: errEncryptedKey}
		default: // EC PARAMETERS, CERTIFICATE, PUBLIC KEY, ...
			continue
		}
		if err != nil {
			// x509's messages name the format, never the key bytes.
			return nil, &Error{Kind: KindKey, Err: err}
		}
		signer, ok := key.(crypto.Signer)
		if !ok {
			return nil, &Error{Kind: KindKey, Err: errKeyType}
		}
		if _, err := SigningAlgorithm(signer.Public()); err != nil {
			return nil, err
		}
		return signer, nil
	}
}

// SigningAlgorithm returns the client assertion algorithm for a public key: [AlgRS384] for an
// RSA key of at least [MinRSABits] bits, [AlgES384] for an ECDSA P-384 key. Other keys give an
// *[Error] of kind [KindKey].
func SigningAlgorithm(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N == nil || k.N.BitLen() < MinRSABits {
			return "", &Error{Kind: KindKey, Err: errRSATooSmall}
		}
		return AlgRS384, nil
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P384() {
			return "", &Error{Kind: KindKey, Err: errCurve}
		}
		return AlgES384, nil
	case nil:
		return "", &Error{Kind: KindKey, Err: errNoKey}
	}
	return "", &Error{Kind: KindKey, Err: errKeyType}
}
