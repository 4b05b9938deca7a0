package casework

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Goal outcome and close reason of a handover.
const (
	// CloseHandedOver closes a file whose client was taken on by another
	// office through an accepted referral (the JMD → MBE handover).
	CloseHandedOver = "referred"
)

// OpenFromReferral opens, in the caller's transaction, a file in office
// for the client of an accepted referral: program chosen by the recipient,
// the statistics fields that were shared, and the shared open goals as
// the new plan's goals (without measures: the new counselor plans them).
// The file gets its own pseudonym code: codes name one file each across
// the platform (search, audit), so the sending file's code is recorded on
// the referral instead. v must work in office (else ErrNotFound). Audited
// as "case.create" with the referral.
func (s *Store) OpenFromReferral(ctx context.Context, tx *db.Tx, v Viewer, office, program, referralID string, sh Shared) (*File, error) {
	if !v.WorksIn(office) {
		return nil, ErrNotFound
	}
	in := FileInput{OfficeID: office, ProgramID: program, IntakeOn: s.today(), Gender: "not_stated", ResidenceStatus: "not_stated"}
	if st := sh.Statistics; st != nil {
		in.BirthYear, in.Gender, in.Country, in.FirstLanguage = st.BirthYear, st.Gender, st.Country, st.FirstLanguage
		in.ResidenceStatus, in.ArrivalYear = st.ResidenceStatus, st.ArrivalYear
	}
	in.normalize()
	if err := s.checkInput(ctx, tx, in, true); err != nil {
		return nil, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	if err := s.insertFile(ctx, tx, v, id, in); err != nil {
		return nil, err
	}
	if err := refreshDeadlines(ctx, tx, []string{id}); err != nil {
		return nil, err
	}
	detail := map[string]string{"office": office, "program": program, "referral": referralID}
	if err := s.audit.Append(ctx, tx, v.entry("case.create", id, detail)); err != nil {
		return nil, err
	}
	if len(sh.Goals) > 0 {
		plan := PlanInput{StartsOn: s.today(), ReviewOn: s.today().AddDate(0, 3, 0)}
		for _, g := range sh.Goals {
			plan.Goals = append(plan.Goals, Goal{Area: g.Area, Title: g.Title, Measures: []Measure{}})
		}
		plan.normalize()
		if _, err := s.savePlanTx(ctx, tx, v, id, 0, plan); err != nil {
			return nil, fmt.Errorf("casework: carry the goals over: %w", err)
		}
	}
	return loadFile(ctx, tx, v, id)
}

// CloseHandedOverTx closes the sending file of an accepted handover, in
// the caller's transaction, as the system (the sender agreed by sending
// it; the recipient's acceptance completes it). A file already closed
// stays as it is. Audited as "case.close" with the referral.
func (s *Store) CloseHandedOverTx(ctx context.Context, tx *db.Tx, fileID, referralID string) error {
	var program string
	var status Status
	if err := tx.QueryRow(ctx, "SELECT program_id, status FROM client_files WHERE id = ?", fileID).Scan(&program, &status); err != nil {
		return fmt.Errorf("casework: handed-over file: %w", err)
	}
	if status == Closed {
		return nil
	}
	years, err := s.retentionYears(ctx, tx, program)
	if err != nil {
		return err
	}
	today := s.today()
	if _, err := tx.Exec(ctx, `UPDATE client_files SET status = ?, closed_on = ?, close_reason = ?, delete_after = ?,
		version = version + 1, updated_at = ? WHERE id = ?`, Closed, today, CloseHandedOver, today.AddDate(years, 0, 0), s.now(), fileID); err != nil {
		return fmt.Errorf("casework: close handed-over file: %w", err)
	}
	if err := refreshDeadlines(ctx, tx, []string{fileID}); err != nil {
		return err
	}
	return s.audit.Append(ctx, tx, audit.Entry{Actor: "system", Action: "case.close", ObjectType: objectType, ObjectID: fileID,
		Result: audit.ResultSuccess, Detail: map[string]string{"reason": CloseHandedOver, "referral": referralID}})
}
