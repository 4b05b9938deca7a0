package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// canonical is the fixed, ordered shape hashed for every row. Its field
// order and names are part of the log format: changing them makes every
// existing log fail verification.
type canonical struct {
	Seq        int64  `json:"seq"`
	At         string `json:"at"`
	ActorID    string `json:"actor_id"`
	Actor      string `json:"actor"`
	Action     string `json:"action"`
	ObjectType string `json:"object_type"`
	ObjectID   string `json:"object_id"`
	Result     string `json:"result"`
	IP         string `json:"ip"`
	Detail     string `json:"detail"`
}

// row is a record as stored: detail is the stored JSON text, hashed as is,
// so verification needs no re-encoding of the map.
type row struct {
	seq      int64
	at       time.Time
	e        Entry
	detail   string
	prevHash string
	hash     string
}

// computeHash returns hex(sha256(prevHash || canonical JSON of the row)).
// prevHash is hex or empty and the JSON starts with '{', so the
// concatenation is unambiguous.
func computeHash(r row) (string, error) {
	b, err := json.Marshal(canonical{
		Seq:        r.seq,
		At:         r.at.UTC().Format(time.RFC3339Nano),
		ActorID:    r.e.ActorID,
		Actor:      r.e.Actor,
		Action:     r.e.Action,
		ObjectType: r.e.ObjectType,
		ObjectID:   r.e.ObjectID,
		Result:     string(r.e.Result),
		IP:         r.e.IP,
		Detail:     r.detail,
	})
	if err != nil {
		return "", fmt.Errorf("audit: encode row %d: %w", r.seq, err)
	}
	h := sha256.New()
	h.Write([]byte(r.prevHash))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// encodeDetail stores a detail map as JSON with sorted keys (encoding/json
// sorts map keys), or "" when there is nothing to store.
func encodeDetail(m map[string]string) (string, error) {
	if len(m) == 0 {
		return "", nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("audit: encode detail: %w", err)
	}
	return string(b), nil
}

// decodeDetail is the inverse of encodeDetail.
func decodeDetail(s string) (map[string]string, error) {
	if s == "" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("audit: decode detail: %w", err)
	}
	return m, nil
}
