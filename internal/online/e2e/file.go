package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"unicode/utf8"
)

// Limits of attachments. They are part of the protocol (docs/E2E.md):
// online-crypto.js has the same values as KMNCrypto.MAX_FILE_BYTES,
// MAX_FILE_NAME_BYTES and FILE_TYPES, and both sides refuse anything else.
const (
	// MaxFileBytes bounds the raw bytes of one attachment (5 MiB): enough
	// for a photo of a letter or a scanned PDF, small enough to encrypt in
	// one piece in a phone's browser.
	MaxFileBytes = 5 << 20
	// MaxFileNameBytes bounds the UTF-8 length of an attachment's name,
	// the usual file-system limit.
	MaxFileNameBytes = 255
)

// AllowedFileTypes are the MIME types an attachment may have: pictures and
// PDFs, which browsers show without running anything. Treat it as read-only.
var AllowedFileTypes = []string{"image/jpeg", "image/png", "image/webp", "application/pdf"}

// AllowedFileType reports whether t is exactly one of AllowedFileTypes.
func AllowedFileType(t string) bool {
	return slices.Contains(AllowedFileTypes, t)
}

// FileInfo describes a message's attachment. It is encrypted inside the
// message (Plain.File), so only the participants see name, type and size.
type FileInfo struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Size int    `json:"size"`
}

// check reports why f is outside the protocol's limits, or nil.
func (f FileInfo) check() error {
	switch {
	case f.Name == "" || len(f.Name) > MaxFileNameBytes || !utf8.ValidString(f.Name):
		return fmt.Errorf("e2e: file name must be 1 to %d bytes of UTF-8", MaxFileNameBytes)
	case !AllowedFileType(f.Type):
		return fmt.Errorf("e2e: file type %q is not allowed", f.Type)
	case f.Size <= 0 || f.Size > MaxFileBytes:
		return fmt.Errorf("e2e: file size %d is not between 1 and %d bytes", f.Size, MaxFileBytes)
	}
	return nil
}

// parseFileInfo reads a "file" descriptor the way the browser does after
// JSON.parse: exact keys, strings that are strings, and a size that is an
// integer as a JavaScript number (so 1e3 is 1000, as in the browser).
func parseFileInfo(raw json.RawMessage) (FileInfo, error) {
	bad := errors.New("e2e: malformed file descriptor")
	var fields map[string]json.RawMessage
	if string(raw) == "null" || json.Unmarshal(raw, &fields) != nil {
		return FileInfo{}, bad
	}
	var f FileInfo
	var size float64
	sizeRaw, ok := fields["size"]
	if !jsonString(fields, "name", &f.Name) || !jsonString(fields, "type", &f.Type) ||
		!ok || string(sizeRaw) == "null" || json.Unmarshal(sizeRaw, &size) != nil ||
		size != math.Trunc(size) || size <= 0 || size > MaxFileBytes {
		return FileInfo{}, bad
	}
	f.Size = int(size)
	return f, f.check()
}

// SealFile seals the raw bytes of the attachment of message seq under the
// conversation key of its epoch. Empty and oversized files are refused
// (not ErrVerify: the sender should tell the user).
func SealFile(key []byte, conversationID string, epoch, seq int, senderID string, data []byte) (string, error) {
	aad, err := fileAAD(conversationID, epoch, seq, senderID)
	if err != nil {
		return "", err
	}
	if len(data) == 0 || len(data) > MaxFileBytes {
		return "", fmt.Errorf("e2e: file is %d bytes, want 1 to %d", len(data), MaxFileBytes)
	}
	box, err := seal(key, data, aad)
	if err != nil {
		return "", err
	}
	return Encode(box), nil
}

// OpenFile opens the attachment of message seq. A file that was tampered
// with, moved to another message, or is outside the size limits is
// ErrVerify.
func OpenFile(key []byte, conversationID string, epoch, seq int, senderID string, sealed string) ([]byte, error) {
	aad, err := fileAAD(conversationID, epoch, seq, senderID)
	if err != nil {
		return nil, err
	}
	if len(sealed) > b64.EncodedLen(SealedOverhead+MaxFileBytes) {
		return nil, ErrVerify // before decoding megabytes for nothing
	}
	box, err := Decode(sealed)
	if err != nil || len(box) <= SealedOverhead || len(box) > SealedOverhead+MaxFileBytes {
		return nil, ErrVerify
	}
	return open(key, box, aad)
}

// ValidSealedFile checks the shape of an uploaded attachment: base64url of
// a sealed box holding 1 to MaxFileBytes bytes. The server cannot open it.
func ValidSealedFile(s string) error {
	return ValidSealed(s, 1, MaxFileBytes)
}
