package casework

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Update changes the intake date and statistics fields of an open file.
// version is the File.Version the viewer saw; a newer one gives ErrStale.
// The office and program of a file do not change (in's are ignored). The
// audit detail names the changed fields, never their values.
func (s *Store) Update(ctx context.Context, v Viewer, id string, version int, in FileInput) (*File, error) {
	in.normalize()
	var f *File
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := loadFile(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := fileClosed(old); err != nil {
			return err
		}
		in.OfficeID, in.ProgramID = old.OfficeID, old.ProgramID
		if err := s.checkInput(ctx, tx, in, false); err != nil {
			return err
		}
		if err := s.writeStats(ctx, tx, id, version, in); err != nil {
			return err
		}
		if err := refreshDeadlines(ctx, tx, []string{id}); err != nil {
			return err
		}
		detail := map[string]string{"fields": strings.Join(changedFields(old.FileInput, in), ",")}
		if err := s.audit.Append(ctx, tx, v.entry("case.update", id, detail)); err != nil {
			return err
		}
		f, err = loadFile(ctx, tx, v, id)
		return err
	})
	return f, err
}

func (s *Store) writeStats(ctx context.Context, tx *db.Tx, id string, version int, in FileInput) error {
	res, err := tx.Exec(ctx, `UPDATE client_files SET intake_on = ?, birth_year = ?, gender = ?, country = ?,
		first_language = ?, residence_status = ?, arrival_year = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`, in.IntakeOn, in.BirthYear, in.Gender, in.Country, in.FirstLanguage,
		in.ResidenceStatus, nullYear(in.ArrivalYear), s.now(), id, version)
	return checkOne(res, err, "update file")
}

// checkOne turns "no row changed" of a versioned UPDATE into ErrStale.
func checkOne(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("casework: %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("casework: %s: %w", what, err)
	}
	if n != 1 {
		return ErrStale
	}
	return nil
}

// changedFields names the statistics fields that differ.
func changedFields(a, b FileInput) []string {
	var out []string
	add := func(name string, differs bool) {
		if differs {
			out = append(out, name)
		}
	}
	add("intake_on", !a.IntakeOn.Equal(b.IntakeOn))
	add("birth_year", a.BirthYear != b.BirthYear)
	add("gender", a.Gender != b.Gender)
	add("country", a.Country != b.Country)
	add("first_language", a.FirstLanguage != b.FirstLanguage)
	add("residence_status", a.ResidenceStatus != b.ResidenceStatus)
	add("arrival_year", a.ArrivalYear != b.ArrivalYear)
	return out
}
