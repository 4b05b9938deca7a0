package casework

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// ErrNotAllowed is returned when the viewer may see a file or substitution
// but not do the asked thing with it (for instance transfer a colleague's
// file without leading the office).
var ErrNotAllowed = errors.New("casework: not allowed for this user")

// Colleague is a person who works with files in an office: a counselor or
// an office lead, by account scope or by membership, not disabled.
type Colleague struct {
	UserID, Name string
	// Lead says the person leads the office.
	Lead bool
}

// officeStaff lists the counselors and leads of office, by name (from
// auth, which answers who works where). Someone named both ways (say,
// account scope counselor and membership lead) is listed once, as lead.
func officeStaff(ctx context.Context, q db.Querier, officeID string) ([]Colleague, error) {
	staff, err := auth.OfficeStaff(ctx, q, officeID)
	if err != nil {
		return nil, fmt.Errorf("casework: office staff: %w", err)
	}
	var out []Colleague
	for _, m := range staff {
		if m.Role != perm.Counselor && m.Role != perm.OfficeLead {
			continue
		}
		lead := m.Role == perm.OfficeLead
		if n := len(out); n > 0 && out[n-1].UserID == m.UserID {
			out[n-1].Lead = out[n-1].Lead || lead
			continue
		}
		out = append(out, Colleague{UserID: m.UserID, Name: m.Name, Lead: lead})
	}
	return out, nil
}

// staffMember finds userID in staff.
func staffMember(staff []Colleague, userID string) (Colleague, bool) {
	i := slices.IndexFunc(staff, func(c Colleague) bool { return c.UserID == userID })
	if i < 0 {
		return Colleague{}, false
	}
	return staff[i], true
}

// Colleagues lists the counselors and leads of one of v's offices, by
// name; another office is ErrNotFound. Names only, nothing about files.
func (s *Store) Colleagues(ctx context.Context, v Viewer, officeID string) ([]Colleague, error) {
	if !v.WorksIn(officeID) {
		return nil, ErrNotFound
	}
	return officeStaff(ctx, s.db, officeID)
}

// Transfer hands a file over to another counselor or lead of the file's
// office, who becomes its counselor (in an office with case_visibility
// "own" the previous counselor no longer sees it).
//
// Who may: the file's counselor, or a lead of its office (as auth says in
// the same transaction, so a membership removed meanwhile counts). A substitute or a colleague who merely sees the file may
// not (ErrNotAllowed). A file outside v's scope is ErrNotFound; a target
// outside the office or the current counselor is a valid.Errors on "to";
// version is the File.Version the viewer saw (ErrStale otherwise). Open and
// closed files may be transferred. Audited as "case.transfer" with the
// user ids "from" and "to".
func (s *Store) Transfer(ctx context.Context, v Viewer, id string, version int, to string) (*File, error) {
	var f *File
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := loadFile(ctx, tx, v, id)
		if err != nil {
			return err
		}
		staff, err := officeStaff(ctx, tx, old.OfficeID)
		if err != nil {
			return err
		}
		if me, _ := staffMember(staff, v.UserID()); old.CounselorID != v.UserID() && !me.Lead {
			return ErrNotAllowed
		}
		if err := checkTransfer(staff, old, to); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE client_files SET counselor_id = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`, to, s.now(), id, version)
		if err := checkOne(res, err, "transfer file"); err != nil {
			return err
		}
		if err := refreshDeadlines(ctx, tx, []string{id}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE counseling_contact_topics SET counselor_id = ? WHERE file_id = ?", to, id); err != nil {
			return fmt.Errorf("casework: transfer topics: %w", err)
		}
		detail := map[string]string{"from": old.CounselorID, "to": to}
		if err := s.audit.Append(ctx, tx, v.entry("case.transfer", id, detail)); err != nil {
			return err
		}
		if err := s.tell(ctx, tx, v, to, notify.FileTransferred, "/cases/"+id); err != nil {
			return err
		}
		// Re-read without v's scope: after the transfer v may no longer see it.
		f = old
		f.CounselorID, f.Version, f.UpdatedAt = to, version+1, s.now()
		return nil
	})
	return f, err
}

// checkTransfer refuses a target that is not on the office's staff or
// already holds the file.
func checkTransfer(staff []Colleague, f *File, to string) error {
	var e valid.Errors
	switch _, ok := staffMember(staff, to); {
	case to == "":
		e.Add("to", "caseteam.transfer_to_required")
	case to == f.CounselorID:
		e.Add("to", "caseteam.transfer_same")
	case !ok:
		e.Add("to", "caseteam.not_in_office")
	}
	return e.Err()
}
