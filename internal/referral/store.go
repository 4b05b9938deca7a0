package referral

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
)

// Notes adds notifications in a transaction (notify.Store).
type Notes interface {
	Add(ctx context.Context, tx *db.Tx, n notify.Note) error
}

// Options configure the store.
type Options struct {
	Clock clock.Clock
	// Notes tells the other side of every step (nil: nobody).
	Notes Notes
}

// Store keeps the referrals.
type Store struct {
	db    *db.DB
	audit *audit.Log
	keys  auth.Sealer
	cases *casework.Store
	clock clock.Clock
	notes Notes
}

// NewStore wires the store: cases reads the sending file, keys seal what
// the referral carries.
func NewStore(d *db.DB, a *audit.Log, keys auth.Sealer, cases *casework.Store, o Options) *Store {
	return &Store{db: d, audit: a, keys: keys, cases: cases, clock: o.Clock, notes: o.Notes}
}

// table names the sealed cells: field f of row id is sealed into f+"_enc"
// under "referrals.f:"+id (secret.DefaultAAD), so key rotation re-encrypts
// them (internal/app/cmd_keys.go lists them).
const table = "referrals"

func (s *Store) seal(v any, field, id string) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("referral: seal %s: %w", field, err)
	}
	return s.keys.Encrypt(b, table+"."+field+":"+id), nil
}

func (s *Store) open(value, field, id string, into any) error {
	if value == "" {
		return nil
	}
	b, err := s.keys.Decrypt(value, table+"."+field+":"+id)
	if err != nil {
		return fmt.Errorf("referral: open %s of %s: %w", field, id, err)
	}
	return json.Unmarshal(b, into)
}

// request is what the sender asks, sealed in request_enc.
type request struct {
	Question string `json:"question"`
	Message  string `json:"message,omitempty"`
}

// scope is the SQL condition on referrals r for the rows pt sees, with
// its side as a column expression; false when pt sees none.
func (pt Party) scope() (cond string, args []any, ok bool) {
	var parts []string
	if c, a, ok := pt.recipientScope(); ok {
		parts = append(parts, c)
		args = append(args, a...)
	}
	if s, a, ok := pt.senderScope(); ok {
		parts = append(parts, s)
		args = append(args, a...)
	}
	if len(parts) == 0 {
		return "", nil, false
	}
	return "(" + strings.Join(parts, " OR ") + ")", args, true
}

// recipientScope: referrals to pt's offices and organisations, once sent
// (a draft is the sender's alone).
func (pt Party) recipientScope() (string, []any, bool) {
	var parts []string
	var args []any
	if len(pt.offices) > 0 {
		parts = append(parts, "(r.recipient_kind = 'office' AND r.recipient_id IN ("+marks(len(pt.offices))+"))")
		args = append(args, anyOf(pt.offices)...)
	}
	if len(pt.orgs) > 0 {
		parts = append(parts, "(r.recipient_kind = 'organisation' AND r.recipient_id IN ("+marks(len(pt.orgs))+"))")
		args = append(args, anyOf(pt.orgs)...)
	}
	if len(parts) == 0 {
		return "", nil, false
	}
	return "(r.state <> 'draft' AND (" + strings.Join(parts, " OR ") + "))", args, true
}

// senderScope: the sender and the leads of the sending office.
func (pt Party) senderScope() (string, []any, bool) {
	if pt.p.UserID() == "" || len(pt.offices) == 0 {
		return "", nil, false
	}
	cond, args := "r.sender_id = ?", []any{pt.p.UserID()}
	if len(pt.leads) > 0 {
		cond = "(r.sender_id = ? OR r.sender_office_id IN (" + marks(len(pt.leads)) + "))"
		args = append(args, anyOf(pt.leads)...)
	}
	return cond, args, true
}

// sideOf says from which side pt reads r.
func (pt Party) sideOf(r *Referral) (Side, bool) {
	switch {
	case r.State != Draft && (r.To.Kind == ToOffice && contains(pt.offices, r.To.ID) || r.To.Kind == ToOrganisation && contains(pt.orgs, r.To.ID)):
		return RecipientSide, true
	case r.SenderID == pt.p.UserID() && pt.p.UserID() != "", contains(pt.leads, r.SenderOfficeID):
		return SenderSide, true
	}
	return "", false
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func anyOf(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// entry starts an audit entry by p about referral id.
func entry(p auth.Principal, action, id string, detail map[string]string) audit.Entry {
	return p.Entry(action, audit.ResultSuccess, "referral", id, detail)
}
