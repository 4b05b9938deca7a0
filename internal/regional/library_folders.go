package regional

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Folder is a folder of a space's library.
type Folder struct {
	ID, Space, Name string
	// Documents is how many documents it holds.
	Documents int
}

// maxFolderName bounds a folder's name in characters.
const maxFolderName = 100

// Folders lists the folders of a space x sees, by name, with how many
// documents each holds.
func (s *Store) Folders(ctx context.Context, x Participant, space string) ([]Folder, error) {
	if !x.Sees(space) {
		return nil, ErrNotFound
	}
	return folders(ctx, s.db, space)
}

func folders(ctx context.Context, q db.Querier, space string) ([]Folder, error) {
	rows, err := q.Query(ctx, `SELECT f.id, f.space, f.name, (SELECT COUNT(*) FROM library_documents d WHERE d.folder_id = f.id)
		FROM library_folders f WHERE f.space = ? ORDER BY LOWER(f.name), f.id`, space)
	if err != nil {
		return nil, fmt.Errorf("regional: folders: %w", err)
	}
	defer rows.Close()
	var out []Folder
	for rows.Next() {
		var f Folder
		if err := rows.Scan(&f.ID, &f.Space, &f.Name, &f.Documents); err != nil {
			return nil, fmt.Errorf("regional: folders: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// folderIn reads a folder of space (ErrNotFound for another space's).
func folderIn(ctx context.Context, q db.Querier, space, id string) (*Folder, error) {
	var f Folder
	err := q.QueryRow(ctx, `SELECT id, space, name FROM library_folders WHERE id = ? AND space = ?`, id, space).Scan(&f.ID, &f.Space, &f.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("regional: folder: %w", err)
	}
	return &f, nil
}

func checkFolderName(name string) error {
	var e valid.Errors
	switch {
	case name == "":
		e.Add("name", "exchange.folder_name_required")
	case len([]rune(name)) > maxFolderName:
		e.Add("name", "exchange.folder_name_too_long", "Max", maxFolderName)
	}
	return e.Err()
}

// CreateFolder adds a folder to the library of a space x coordinates;
// names are unique within a space.
func (s *Store) CreateFolder(ctx context.Context, x Participant, space, name string) (string, error) {
	if !x.Coordinates(space) {
		return "", s.hidden(x, space)
	}
	name = strings.TrimSpace(name)
	if err := checkFolderName(name); err != nil {
		return "", err
	}
	id := newID()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO library_folders (id, space, name, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, space, name, x.UserID(), s.now())
		if db.IsUniqueViolation(err) {
			return valid.Errors{{Field: "name", Key: "exchange.folder_exists"}}
		}
		if err != nil {
			return fmt.Errorf("regional: create folder: %w", err)
		}
		return s.audit.Append(ctx, tx, x.p.Entry("library.folder_create", audit.ResultSuccess, "library_folder", id, map[string]string{"space": space}))
	})
	return id, err
}

// RenameFolder renames a folder of a space x coordinates.
func (s *Store) RenameFolder(ctx context.Context, x Participant, space, id, name string) error {
	if !x.Coordinates(space) {
		return s.hidden(x, space)
	}
	name = strings.TrimSpace(name)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := folderIn(ctx, tx, space, id); err != nil {
			return err
		}
		if err := checkFolderName(name); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE library_folders SET name = ? WHERE id = ?`, name, id)
		if db.IsUniqueViolation(err) {
			return valid.Errors{{Field: "name", Key: "exchange.folder_exists"}}
		}
		if err != nil {
			return fmt.Errorf("regional: rename folder: %w", err)
		}
		return s.audit.Append(ctx, tx, x.p.Entry("library.folder_rename", audit.ResultSuccess, "library_folder", id, map[string]string{"space": space}))
	})
}

// DeleteFolder removes an empty folder of a space x coordinates; a folder
// that still holds documents is a problem for the field "folders".
func (s *Store) DeleteFolder(ctx context.Context, x Participant, space, id string) error {
	if !x.Coordinates(space) {
		return s.hidden(x, space)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := folderIn(ctx, tx, space, id); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM library_documents WHERE folder_id = ?", id).Scan(&n); err != nil {
			return fmt.Errorf("regional: delete folder: %w", err)
		}
		if n > 0 {
			return valid.Errors{{Field: "folders", Key: "exchange.folder_not_empty"}}
		}
		if _, err := tx.Exec(ctx, "DELETE FROM library_folders WHERE id = ?", id); err != nil {
			return fmt.Errorf("regional: delete folder: %w", err)
		}
		return s.audit.Append(ctx, tx, x.p.Entry("library.folder_delete", audit.ResultSuccess, "library_folder", id, map[string]string{"space": space}))
	})
}
