package smart

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"
)

func pemBlock(typ string, der []byte, headers map[string]string) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Headers: headers, Bytes: der})
}

// derOf returns a function that passes on DER bytes and fails t on an error.
func derOf(t *testing.T) func([]byte, error) []byte {
	return func(der []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
}

// p384Params is the "EC PARAMETERS" block openssl ecparam -genkey writes: the P-384 OID.
var p384Params = pemBlock("EC PARAMETERS", []byte{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22}, nil)

func TestParsePrivateKeyPEM(t *testing.T) {
	rk, ek := testKeys(t)
	mustDER := derOf(t)
	pkcs8RSA := mustDER(x509.MarshalPKCS8PrivateKey(rk))
	pkcs8EC := mustDER(x509.MarshalPKCS8PrivateKey(ek))
	sec1 := mustDER(x509.MarshalECPrivateKey(ek))
	tests := []struct {
		name string
		pem  []byte
		alg  string
	}{
		{"PKCS#8 RSA", pemBlock("PRIVATE KEY", pkcs8RSA, nil), AlgRS384},
		{"PKCS#1 RSA", pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rk), nil), AlgRS384},
		{"PKCS#8 P-384", pemBlock("PRIVATE KEY", pkcs8EC, nil), AlgES384},
		{"SEC1 P-384", pemBlock("EC PRIVATE KEY", sec1, nil), AlgES384},
		{"SEC1 after EC PARAMETERS", append(append([]byte(nil), p384Params...), pemBlock("EC PRIVATE KEY", sec1, nil)...), AlgES384},
		{"after a certificate and text", append([]byte("subject=CN=x\n"+string(pemBlock("CERTIFICATE", []byte{1, 2, 3}, nil))),
			pemBlock("PRIVATE KEY", pkcs8EC, nil)...), AlgES384},
	}
	for _, tt := range tests {
		key, err := ParsePrivateKeyPEM(tt.pem)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if alg, err := SigningAlgorithm(key.Public()); alg != tt.alg || err != nil {
			t.Errorf("%s: algorithm %q, %v; want %s", tt.name, alg, err, tt.alg)
		}
		switch k := key.(type) {
		case *rsa.PrivateKey:
			if !k.Equal(rk) {
				t.Errorf("%s: a different RSA key", tt.name)
			}
		case *ecdsa.PrivateKey:
			if !k.Equal(ek) {
				t.Errorf("%s: a different ECDSA key", tt.name)
			}
		default:
			t.Errorf("%s: key type %T", tt.name, key)
		}
	}
}

func TestParsePrivateKeyPEMErrors(t *testing.T) {
	_, ek := testKeys(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	mustDER := derOf(t)
	sec1 := mustDER(x509.MarshalECPrivateKey(ek))
	pub := mustDER(x509.MarshalPKIXPublicKey(&ek.PublicKey))
	tests := []struct {
		name  string
		pem   []byte
		cause error
	}{
		{"empty", nil, errNoKeyBlock},
		{"not PEM", []byte("-----BEGIN nothing"), errNoKeyBlock},
		{"public key only", pemBlock("PUBLIC KEY", pub, nil), errNoKeyBlock},
		{"legacy encrypted", pemBlock("EC PRIVATE KEY", sec1, map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-256-CBC,00112233445566778899AABBCCDDEEFF"}), errEncryptedKey},
		{"PKCS#8 encrypted", pemBlock("ENCRYPTED PRIVATE KEY", []byte{0x30, 0x00}, nil), errEncryptedKey},
		{"RSA 1024", pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(small), nil), errRSATooSmall},
		{"P-256", pemBlock("PRIVATE KEY", mustDER(x509.MarshalPKCS8PrivateKey(p256)), nil), errCurve},
		{"Ed25519", pemBlock("PRIVATE KEY", mustDER(x509.MarshalPKCS8PrivateKey(edKey)), nil), errKeyType},
		{"garbage", pemBlock("PRIVATE KEY", bytes.Repeat([]byte{0x42}, 64), nil), nil},
		{"SEC1 labelled PKCS#8", pemBlock("PRIVATE KEY", sec1, nil), nil},
	}
	for _, tt := range tests {
		_, err := ParsePrivateKeyPEM(tt.pem)
		if !errors.Is(err, ErrKey) || (tt.cause != nil && !errors.Is(err, tt.cause)) {
			t.Errorf("%s: %v, want ErrKey (%v)", tt.name, err, tt.cause)
			continue
		}
		// No key material in the message.
		if b := bytes.SplitN(tt.pem, []byte("\n"), 3); len(b) == 3 && len(b[1]) > 16 {
			assertNoLeak(t, err.Error(), string(b[1][:16]))
		}
		assertNoLeak(t, err.Error(), base64.StdEncoding.EncodeToString(sec1)[:16])
	}
}

func TestSigningAlgorithm(t *testing.T) {
	if _, err := SigningAlgorithm(nil); !errors.Is(err, ErrKey) {
		t.Errorf("nil: %v", err)
	}
	if _, err := SigningAlgorithm(&rsa.PublicKey{}); !errors.Is(err, errRSATooSmall) {
		t.Errorf("empty RSA key: %v", err)
	}
	if _, err := SigningAlgorithm("not a key"); !errors.Is(err, errKeyType) {
		t.Errorf("string: %v", err)
	}
}

func TestECDSARaw(t *testing.T) {
	der := func(r, s *big.Int) []byte {
		// SEQUENCE { INTEGER r, INTEGER s } for small values
		enc := func(x *big.Int) []byte {
			b := x.Bytes()
			if len(b) == 0 || b[0]&0x80 != 0 {
				b = append([]byte{0}, b...)
			}
			return append([]byte{0x02, byte(len(b))}, b...)
		}
		body := append(enc(r), enc(s)...)
		return append([]byte{0x30, byte(len(body))}, body...)
	}
	out, err := ecdsaRaw(der(big.NewInt(1), big.NewInt(0x80)))
	if err != nil || len(out) != 96 || out[47] != 1 || out[95] != 0x80 || !bytes.Equal(out[:47], make([]byte, 47)) {
		t.Errorf("ecdsaRaw = %x, %v; want r and s left-padded to 48 bytes each", out, err)
	}
	tooBig := new(big.Int).Lsh(big.NewInt(1), 384)
	for name, bad := range map[string][]byte{
		"empty":     nil,
		"trailing":  append(der(big.NewInt(1), big.NewInt(2)), 0),
		"zero r":    der(big.NewInt(0), big.NewInt(2)),
		"r too big": der(tooBig, big.NewInt(2)),
		"not DER":   []byte("signature"),
	} {
		if _, err := ecdsaRaw(bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParsePrivateKeyPEM(f *testing.F) {
	_, ek := testKeys(f)
	sec1, _ := x509.MarshalECPrivateKey(ek)
	f.Add(pemBlock("EC PRIVATE KEY", sec1, nil))
	f.Add(append(append([]byte(nil), p384Params...), pemBlock("EC PRIVATE KEY", sec1, nil)...))
	f.Add(pemBlock("PRIVATE KEY", []byte{0x30, 0x03, 0x02, 0x01, 0x00}, nil))
	f.Add([]byte(strings.Repeat("-----BEGIN PRIVATE KEY-----\n", 3)))
	f.Fuzz(func(t *testing.T, data []byte) {
		key, err := ParsePrivateKeyPEM(data)
		if err != nil {
			if !errors.Is(err, ErrKey) {
				t.Fatalf("error %v is not ErrKey", err)
			}
			return
		}
		if _, err := SigningAlgorithm(key.Public()); err != nil {
			t.Fatalf("accepted a key that cannot sign: %v", err)
		}
	})
}
