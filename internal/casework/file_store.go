package casework

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Create opens a file for a client in one of the viewer's offices, with
// the viewer as counselor. An office outside the viewer's scope is
// ErrNotFound; bad input is a valid.Errors and writes nothing. The returned
// file holds the file's own row only.
func (s *Store) Create(ctx context.Context, v Viewer, in FileInput) (*File, error) {
	in.normalize()
	if !v.WorksIn(in.OfficeID) {
		return nil, ErrNotFound
	}
	id := uuid.Must(uuid.NewV7()).String()
	var f *File
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.checkInput(ctx, tx, in, true); err != nil {
			return err
		}
		if err := s.insertFile(ctx, tx, v, id, in); err != nil {
			return err
		}
		if err := refreshDeadlines(ctx, tx, []string{id}); err != nil {
			return err
		}
		detail := map[string]string{"office": in.OfficeID, "program": in.ProgramID}
		if err := s.audit.Append(ctx, tx, v.entry("case.create", id, detail)); err != nil {
			return err
		}
		var err error
		f, err = loadFile(ctx, tx, v, id)
		return err
	})
	return f, err
}

func (s *Store) insertFile(ctx context.Context, tx *db.Tx, v Viewer, id string, in FileInput) error {
	code, err := freeCode(ctx, tx)
	if err != nil {
		return err
	}
	now := s.now()
	_, err = tx.Exec(ctx, `INSERT INTO client_files (id, code, office_id, program_id, counselor_id, intake_on,
		birth_year, gender, country, first_language, residence_status, arrival_year, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, code, in.OfficeID, in.ProgramID, v.UserID(),
		in.IntakeOn, in.BirthYear, in.Gender, in.Country, in.FirstLanguage, in.ResidenceStatus,
		nullYear(in.ArrivalYear), now, now)
	if err != nil {
		return fmt.Errorf("casework: insert file: %w", err)
	}
	return nil
}

// checkInput validates in, including the program's age limits; creating
// also requires the office to offer the program.
func (s *Store) checkInput(ctx context.Context, q db.Querier, in FileInput, creating bool) error {
	e := in.validate(s.today())
	office := ""
	if creating {
		office = in.OfficeID
	}
	ages, err := network.ProgramAgesAt(ctx, q, in.ProgramID, office)
	switch {
	case errors.Is(err, network.ErrNotFound):
		e.Add("program_id", "case.program_not_offered")
	case err != nil:
		return fmt.Errorf("casework: program limits: %w", err)
	default:
		checkAge(in, ages.Min, ages.Max, &e)
	}
	return e.Err()
}

// Get reads the whole file (consents, contacts with their notes, contact
// data while consented) and audits the read as "case.read".
func (s *Store) Get(ctx context.Context, v Viewer, id string) (*File, error) {
	return s.read(ctx, v, id, "case.read")
}

// read loads everything v may see of the file and audits it as action.
func (s *Store) read(ctx context.Context, v Viewer, id, action string) (*File, error) {
	var f *File
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		var err error
		if f, err = loadFile(ctx, q, v, id); err != nil {
			return audit.Entry{}, err
		}
		if err = s.loadDetails(ctx, q, f); err != nil {
			return audit.Entry{}, err
		}
		return v.entry(action, id, nil), nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// loadDetails fills in consents, contacts and (while consented) contact data.
func (s *Store) loadDetails(ctx context.Context, q db.Querier, f *File) error {
	var err error
	if f.Consents, err = loadConsents(ctx, q, f.ID); err != nil {
		return err
	}
	if f.Contacts, err = s.loadContacts(ctx, q, f.ID); err != nil {
		return err
	}
	if f.Documents, err = s.loadDocuments(ctx, q, f.ID, false); err != nil {
		return err
	}
	if f.Dates, err = loadDeadlineFields(ctx, q, f.ID); err != nil {
		return err
	}
	if err := loadOverview(ctx, q, f); err != nil {
		return err
	}
	for i := range f.NextDeadlines {
		f.NextDeadlines[i].Kind = residenceKind(f.NextDeadlines[i], s.today())
	}
	if !hasActive(f.Consents, PurposeContactData) {
		return nil
	}
	f.ContactData, err = s.loadContactData(ctx, q, f.ID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

func nullYear(y int) any {
	if y == 0 {
		return nil
	}
	return y
}

// fileClosed refuses changes to a closed file.
func fileClosed(f *File) error {
	if f.Status != Closed {
		return nil
	}
	var e valid.Errors
	e.Add("status", "case.file_closed")
	return e
}
