package online

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Party is who reads or writes in a conversation: an anonymous client or a
// member of staff. Its fields are unexported so callers cannot widen it.
type Party struct {
	clientID string
	staff    auth.Principal
}

// ClientParty is the party of an anonymous client (from the session).
func ClientParty(clientID string) Party { return Party{clientID: clientID} }

// StaffParty is the party of a member of staff.
func StaffParty(p auth.Principal) Party { return Party{staff: p} }

// ID is the id the party writes and receives keys under.
func (pt Party) ID() string {
	if pt.clientID != "" {
		return pt.clientID
	}
	return pt.staff.UserID()
}

// IsClient tells a client from staff.
func (pt Party) IsClient() bool { return pt.clientID != "" }

// scope is the SQL condition on online_conversations c for the
// conversations pt sees: a client their own; staff those they hold a key
// of (routed to them or assigned), those assigned to them, and as an
// office lead those of their offices.
func (pt Party) scope() (string, []any) {
	if pt.clientID != "" {
		return `c.client_id = ?`, []any{pt.clientID}
	}
	id := pt.staff.UserID()
	if id == "" || !pt.staff.Can(perm.OnlineCounsel) {
		return `1 = 0`, nil
	}
	cond := `(c.counselor_id = ? OR EXISTS (SELECT 1 FROM online_keys k WHERE k.conversation_id = c.id AND k.recipient_id = ?)`
	args := []any{id, id}
	if leads := pt.staff.Offices(perm.OfficeLead); len(leads) > 0 {
		cond += ` OR c.office_id IN (` + db.Placeholders(len(leads)) + `)`
		for _, o := range leads {
			args = append(args, o)
		}
	}
	return cond + `)`, args
}
