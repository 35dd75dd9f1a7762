package smart

import (
	"crypto"
	"crypto/rand"
	"crypto/sha512"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"time"
)

// Client assertion lifetimes (SMART Backend Services: exp no more than five minutes ahead).
const (
	// MaxAssertionLifetime is the longest lifetime a client assertion may have.
	MaxAssertionLifetime = 5 * time.Minute
	// DefaultAssertionLifetime leaves a minute of the maximum for a client clock that runs
	// ahead of the server's.
	DefaultAssertionLifetime = 4 * time.Minute
)

// jtiBytes is the entropy of each assertion's jti: 128 bits.
const jtiBytes = 16

// es384Size is the size of each of r and s in an ES384 signature (RFC 7518 section 3.4).
const es384Size = 48

type jwtHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid,omitempty"`
	Typ string `json:"typ"`
}

type jwtClaims struct {
	Iss string `json:"iss"`
	Sub string `json:"sub"`
	Aud string `json:"aud"`
	Exp int64  `json:"exp"`
	Jti string `json:"jti"`
}

var errBadECDSASig = errors.New("the ECDSA signature has an unexpected form")

// assertionSigner makes SMART Backend Services client assertions (RFC 7523, SMART App Launch
// 2.x "Backend Services"): a JWT with iss = sub = client id, aud = token URL, a short exp and a
// random jti, signed RS384 or ES384, with kid and typ "JWT" in its header.
type assertionSigner struct {
	key      crypto.Signer
	alg      string // AlgRS384 or AlgES384
	kid      string
	clientID string
	aud      string
	lifetime time.Duration
	now      func() time.Time
}

// sign returns a fresh assertion: a new jti and exp each call (security.md rule 15).
func (a *assertionSigner) sign() (string, error) {
	jti := make([]byte, jtiBytes)
	if _, err := rand.Read(jti); err != nil {
		return "", &Error{Kind: KindKey, Err: err}
	}
	header, err := json.Marshal(jwtHeader{Alg: a.alg, Kid: a.kid, Typ: "JWT"})
	if err != nil {
		return "", &Error{Kind: KindKey, Err: err}
	}
	claims, err := json.Marshal(jwtClaims{
		Iss: a.clientID,
		Sub: a.clientID,
		Aud: a.aud,
		Exp: a.now().Add(a.lifetime).Unix(), // truncated: never later than now+lifetime
		Jti: base64.RawURLEncoding.EncodeToString(jti),
	})
	if err != nil {
		return "", &Error{Kind: KindKey, Err: err}
	}
	input := b64(header) + "." + b64(claims)
	digest := sha512.Sum384([]byte(input))
	sig, err := a.key.Sign(rand.Reader, digest[:], crypto.SHA384)
	if err != nil {
		return "", &Error{Kind: KindKey, Err: err}
	}
	if a.alg == AlgES384 {
		if sig, err = ecdsaRaw(sig); err != nil {
			return "", &Error{Kind: KindKey, Err: err}
		}
	}
	return input + "." + b64(sig), nil
}

// ecdsaRaw converts an ASN.1 DER ECDSA signature (what crypto.Signer returns) to the JWS form:
// r and s as fixed-size big-endian integers, concatenated.
func ecdsaRaw(der []byte) ([]byte, error) {
	var sig struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &sig)
	if err != nil || len(rest) != 0 || sig.R == nil || sig.S == nil ||
		sig.R.Sign() <= 0 || sig.S.Sign() <= 0 ||
		sig.R.BitLen() > 8*es384Size || sig.S.BitLen() > 8*es384Size {
		return nil, errBadECDSASig
	}
	out := make([]byte, 2*es384Size)
	sig.R.FillBytes(out[:es384Size])
	sig.S.FillBytes(out[es384Size:])
	return out, nil
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
