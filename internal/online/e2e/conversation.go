package e2e

import (
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// NewConversationKey returns a fresh AES-256 key for one epoch of a
// conversation.
func NewConversationKey() []byte {
	return randomBytes(KeyLen)
}

// keyInfo names one wrapped copy of a conversation key. It is both the HKDF
// info and the AAD, so a copy made for one recipient, conversation or epoch
// opens nowhere else.
func keyInfo(conversationID string, epoch int, recipientID string) (string, error) {
	if err := checkIDs(conversationID, recipientID); err != nil {
		return "", err
	}
	return infoKeyPrefix + conversationID + "|" + strconv.Itoa(epoch) + "|" + recipientID, nil
}

// msgAAD binds a message to its place, position and author, so a server that
// moves, reorders or reattributes it makes decryption fail.
func msgAAD(conversationID string, epoch, seq int, senderID string) (string, error) {
	return placeAAD(aadMsgPrefix, conversationID, epoch, seq, senderID)
}

// fileAAD binds an attachment the same way to the message it belongs to;
// its own prefix keeps a file from opening as a message and vice versa.
func fileAAD(conversationID string, epoch, seq int, senderID string) (string, error) {
	return placeAAD(aadFilePrefix, conversationID, epoch, seq, senderID)
}

func placeAAD(prefix, conversationID string, epoch, seq int, senderID string) (string, error) {
	if err := checkIDs(conversationID, senderID); err != nil {
		return "", err
	}
	return prefix + conversationID + "|" + strconv.Itoa(epoch) + "|" + strconv.Itoa(seq) + "|" + senderID, nil
}

// checkIDs refuses identifiers containing "|", the separator of the info and
// AAD strings: with it, two different places could spell the same string.
func checkIDs(ids ...string) error {
	for _, id := range ids {
		if strings.Contains(id, "|") {
			return fmt.Errorf("e2e: identifier %q contains |", id)
		}
	}
	return nil
}

// kek derives the key-encryption key of one wrapped copy (ECIES). Salting
// with the ephemeral public key ties the KEK to this very exchange.
func kek(shared, ephPub []byte, info string) ([]byte, error) {
	return hkdf.Key(sha256.New, shared, ephPub, info, KeyLen)
}

// WrapConversationKey wraps a conversation key for one recipient's public
// key with a fresh ephemeral key pair, so the sender needs no key of its own
// and the server cannot unwrap it.
func WrapConversationKey(key []byte, recipientPublic, conversationID string, epoch int, recipientID string) (string, error) {
	if len(key) != KeyLen {
		return "", fmt.Errorf("e2e: conversation key is %d bytes, want %d", len(key), KeyLen)
	}
	info, err := keyInfo(conversationID, epoch, recipientID)
	if err != nil {
		return "", err
	}
	pub, err := parsePublic(recipientPublic)
	if err != nil {
		return "", err
	}
	eph, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	shared, err := eph.ECDH(pub)
	if err != nil {
		return "", err
	}
	ephPub := eph.PublicKey().Bytes()
	k, err := kek(shared, ephPub, info)
	if err != nil {
		return "", err
	}
	box, err := seal(k, key, info)
	if err != nil {
		return "", err
	}
	return Encode(append(ephPub, box...)), nil
}

// UnwrapConversationKey opens a copy wrapped for id. Anything that does not
// open, including a copy made for someone else, is ErrVerify.
func UnwrapConversationKey(wrapped string, id Identity, conversationID string, epoch int, recipientID string) ([]byte, error) {
	info, err := keyInfo(conversationID, epoch, recipientID)
	if err != nil {
		return nil, err
	}
	b, err := Decode(wrapped)
	if err != nil {
		return nil, ErrVerify
	}
	if len(b) != WrappedKeyLen {
		return nil, ErrVerify
	}
	ephPub, box := b[:PublicKeyLen], b[PublicKeyLen:]
	pub, err := ecdh.P256().NewPublicKey(ephPub)
	if err != nil {
		return nil, ErrVerify
	}
	shared, err := id.Private.ECDH(pub)
	if err != nil {
		return nil, ErrVerify
	}
	k, err := kek(shared, ephPub, info)
	if err != nil {
		return nil, err
	}
	return open(k, box, info)
}

// Plain is the plaintext of a message. It is an object, not bare text, so
// later versions can add fields that older readers ignore. File describes
// the message's attachment (the sealed file with the same seq); it travels
// inside the message so that the server sees neither name nor type nor the
// exact size, only the attachment's length.
type Plain struct {
	// Text may be "" when a file is sent alone.
	Text string    `json:"text"`
	File *FileInfo `json:"file,omitempty"`
}

// EncryptMessage seals text as message seq of the conversation's epoch,
// written by senderID.
func EncryptMessage(key []byte, conversationID string, epoch, seq int, senderID, text string) (string, error) {
	return EncryptPlain(key, conversationID, epoch, seq, senderID, Plain{Text: text})
}

// DecryptMessage opens message seq and returns its text; see DecryptPlain.
func DecryptMessage(key []byte, conversationID string, epoch, seq int, senderID, sealed string) (string, error) {
	p, err := DecryptPlain(key, conversationID, epoch, seq, senderID, sealed)
	return p.Text, err
}

// EncryptPlain seals p as message seq of the conversation's epoch, written
// by senderID. A file descriptor outside the limits is refused here, with
// a plain error, rather than sent for every reader to reject.
func EncryptPlain(key []byte, conversationID string, epoch, seq int, senderID string, p Plain) (string, error) {
	aad, err := msgAAD(conversationID, epoch, seq, senderID)
	if err != nil {
		return "", err
	}
	if p.File != nil {
		if err := p.File.check(); err != nil {
			return "", err
		}
	}
	pt, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	box, err := seal(key, pt, aad)
	if err != nil {
		return "", err
	}
	return Encode(box), nil
}

// DecryptPlain opens message seq. Tampering, a wrong place, position or
// sender, a plaintext that is not the expected JSON and a file descriptor
// outside the limits all give ErrVerify: the reader cannot trust any of
// them.
func DecryptPlain(key []byte, conversationID string, epoch, seq int, senderID, sealed string) (Plain, error) {
	aad, err := msgAAD(conversationID, epoch, seq, senderID)
	if err != nil {
		return Plain{}, err
	}
	box, err := Decode(sealed)
	if err != nil {
		return Plain{}, ErrVerify
	}
	pt, err := open(key, box, aad)
	if err != nil {
		return Plain{}, err
	}
	return parsePlain(pt)
}

// parsePlain reads the plaintext the way JSON.parse does: keys must match
// exactly (encoding/json would also take "TEXT"), the bytes must be valid
// UTF-8 (encoding/json would substitute U+FFFD), and null is not a string.
func parsePlain(pt []byte) (Plain, error) {
	var fields map[string]json.RawMessage
	if !utf8.Valid(pt) || json.Unmarshal(pt, &fields) != nil {
		return Plain{}, ErrVerify
	}
	var p Plain
	if !jsonString(fields, "text", &p.Text) {
		return Plain{}, ErrVerify
	}
	if raw, ok := fields["file"]; ok {
		f, err := parseFileInfo(raw)
		if err != nil {
			return Plain{}, ErrVerify
		}
		p.File = &f
	}
	return p, nil
}

// jsonString sets *s to the string under key; false if it is missing, null
// (which json.Unmarshal would silently skip) or not a string.
func jsonString(fields map[string]json.RawMessage, key string, s *string) bool {
	raw, ok := fields[key]
	return ok && string(raw) != "null" && json.Unmarshal(raw, s) == nil
}
