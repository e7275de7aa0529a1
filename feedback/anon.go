package feedback

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"errors"
)

// keys are derived from the server's secret: one names an author's
// messages (an HMAC of the account id, so "my messages" is one indexed
// lookup while the stored value reveals no one), one seals the account id
// so that the author alone can be notified.
type keys struct {
	name, seal []byte
}

func deriveKeys(secret []byte) keys {
	if len(secret) == 0 {
		return keys{}
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte("feedback/" + label))
		return m.Sum(nil)
	}
	return keys{name: derive("author-name"), seal: derive("author-seal")}
}

var errNoSecret = errors.New("feedback: no server secret: authors cannot be kept apart from their messages")

// authorKey is the stored name of a user's messages.
func (k keys) authorKey(userID int64) ([]byte, error) {
	if k.name == nil {
		return nil, errNoSecret
	}
	m := hmac.New(sha256.New, k.name)
	m.Write(binary.BigEndian.AppendUint64(nil, uint64(userID)))
	return m.Sum(nil), nil
}

// sealAuthor encrypts the account id (AES-GCM, random nonce).
func (k keys) sealAuthor(userID int64) ([]byte, error) {
	aead, err := k.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return aead.Seal(nonce, nonce, binary.BigEndian.AppendUint64(nil, uint64(userID)), nil), nil
}

// openAuthor gives back the account id sealed by sealAuthor.
func (k keys) openAuthor(box []byte) (int64, error) {
	aead, err := k.aead()
	if err != nil {
		return 0, err
	}
	n := aead.NonceSize()
	if len(box) < n {
		return 0, errors.New("feedback: sealed author too short")
	}
	plain, err := aead.Open(nil, box[:n], box[n:], nil)
	if err != nil || len(plain) != 8 {
		return 0, errors.New("feedback: sealed author does not open")
	}
	return int64(binary.BigEndian.Uint64(plain)), nil
}

func (k keys) aead() (cipher.AEAD, error) {
	if k.seal == nil {
		return nil, errNoSecret
	}
	block, err := aes.NewCipher(k.seal)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

var idEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

// randomID is 80 random bits: no sequence to line up with other actions.
func randomID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return idEncoding.EncodeToString(b)
}

// validID reports whether s could be a randomID, so a malformed id in a
// path is "not found" without a query.
func validID(s string) bool {
	if len(s) != 16 {
		return false
	}
	_, err := idEncoding.DecodeString(s)
	return err == nil
}
