package regional

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// LibraryDocument is a document of a space's library (a concept paper, a
// presentation, a form) with its versions.
type LibraryDocument struct {
	ID, Space, FolderID, Folder string
	Title, Description          string
	// Version is the current version's number.
	Version            int
	CreatedBy, Creator string
	Created, Updated   time.Time
	// Latest is the current version; Versions all of them, newest first
	// (filled by Document only).
	Latest   LibraryVersion
	Versions []LibraryVersion
	// Deletable says the reader may delete it: its uploader or a
	// coordinator of the space.
	Deletable bool
}

// LibraryVersion is one uploaded file of a document. Content is filled by
// VersionContent only.
type LibraryVersion struct {
	ID                    string
	Version               int
	Filename, ContentType string
	Size                  int
	UploadedBy, Uploader  string
	Uploaded              time.Time
	Content               []byte
}

// DocumentInput is a new document with its first file.
type DocumentInput struct {
	Title, Description, FolderID string
	File                         Upload
}

// maxDescription bounds a document's description in characters.
const maxDescription = 2000

// versionTable names the sealed content's cells ("library_versions.content:<id>").
const versionTable = "library_versions"

func versionAAD(id string) string { return versionTable + ".content:" + id }

// AddDocument stores a document with its first version in the library of
// a space x takes part in. Bad input (no title, an empty, too large or
// refused file, a folder of another space) is a valid.Errors and writes
// nothing.
func (s *Store) AddDocument(ctx context.Context, x Participant, space string, in DocumentInput) (string, error) {
	if !x.Sees(space) {
		return "", ErrNotFound
	}
	in.Title, in.Description, in.FolderID = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description), strings.TrimSpace(in.FolderID)
	var e valid.Errors
	checkTitle(&e, in.Title)
	if len([]rune(in.Description)) > maxDescription {
		e.Add("description", "exchange.description_too_long", "Max", maxDescription)
	}
	contentType := checkUpload(&e, &in.File)
	id, now := newID(), s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if in.FolderID != "" {
			if _, err := folderIn(ctx, tx, space, in.FolderID); errors.Is(err, ErrNotFound) {
				e.Add("folder", "exchange.folder_unknown")
			} else if err != nil {
				return err
			}
		}
		if err := e.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO library_documents (id, space, folder_id, title, description, version, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`, id, space, nullable(in.FolderID), in.Title, in.Description, x.UserID(), now, now); err != nil {
			return fmt.Errorf("regional: add document: %w", err)
		}
		if err := s.insertVersion(ctx, tx, x, id, 1, in.File, contentType); err != nil {
			return err
		}
		if err := s.index(ctx, tx, documentDoc(id, space, in.Title, in.Description, in.File.Filename, now)); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, x.p.Entry("library.document_add", audit.ResultSuccess, "library_document", id,
			map[string]string{"space": space, "type": contentType, "size": fmt.Sprint(len(in.File.Content))}))
	})
	return id, err
}

func documentDoc(id, space, title, description, filename string, date time.Time) Doc {
	return Doc{Kind: DocDocument, ID: id, Space: space, Title: title, Body: strings.TrimSpace(description + "\n" + filename), Date: date}
}

func (s *Store) insertVersion(ctx context.Context, tx *db.Tx, x Participant, docID string, version int, f Upload, contentType string) error {
	vid := newID()
	_, err := tx.Exec(ctx, `INSERT INTO library_versions (id, document_id, version, filename, content_type, size, content_enc, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, vid, docID, version, f.Filename, contentType, len(f.Content),
		s.keys.Encrypt(f.Content, versionAAD(vid)), x.UserID(), s.now())
	if db.IsUniqueViolation(err) {
		return ErrStale
	}
	if err != nil {
		return fmt.Errorf("regional: add version: %w", err)
	}
	return nil
}

// AddVersion stores a new file of a document of a space x takes part in
// and answers its number.
func (s *Store) AddVersion(ctx context.Context, x Participant, docID string, f Upload) (int, error) {
	var version int
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		d, err := documentIn(ctx, tx, x, docID)
		if err != nil {
			return err
		}
		var e valid.Errors
		contentType := checkUpload(&e, &f)
		if err := e.Err(); err != nil {
			return err
		}
		version = d.Version + 1
		res, err := tx.Exec(ctx, `UPDATE library_documents SET version = ?, updated_at = ? WHERE id = ? AND version = ?`,
			version, s.now(), docID, d.Version)
		if err != nil {
			return fmt.Errorf("regional: add version: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		if err := s.insertVersion(ctx, tx, x, docID, version, f, contentType); err != nil {
			return err
		}
		if err := s.index(ctx, tx, documentDoc(docID, d.Space, d.Title, d.Description, f.Filename, s.now())); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, x.p.Entry("library.version_add", audit.ResultSuccess, "library_document", docID,
			map[string]string{"version": fmt.Sprint(version), "type": contentType, "size": fmt.Sprint(len(f.Content))}))
	})
	return version, err
}

const documentColumns = `d.id, d.space, COALESCE(d.folder_id, ''), COALESCE(f.name, ''), d.title, d.description, d.version,
	d.created_by, d.created_at, d.updated_at, v.id, v.filename, v.content_type, v.size, v.uploaded_by, v.uploaded_at`

const documentJoins = ` FROM library_documents d LEFT JOIN library_folders f ON f.id = d.folder_id
	JOIN library_versions v ON v.document_id = d.id AND v.version = d.version`

func scanDocument(row interface{ Scan(...any) error }, x Participant) (*LibraryDocument, error) {
	var d LibraryDocument
	v := &d.Latest
	if err := row.Scan(&d.ID, &d.Space, &d.FolderID, &d.Folder, &d.Title, &d.Description, &d.Version, &d.CreatedBy, &d.Created, &d.Updated,
		&v.ID, &v.Filename, &v.ContentType, &v.Size, &v.UploadedBy, &v.Uploaded); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("regional: document: %w", err)
	}
	v.Version = d.Version
	d.Created, d.Updated, v.Uploaded = d.Created.UTC(), d.Updated.UTC(), v.Uploaded.UTC()
	d.Deletable = d.CreatedBy == x.UserID() || x.Coordinates(d.Space)
	return &d, nil
}

// documentIn reads a document of a space x sees (its current version
// only).
func documentIn(ctx context.Context, q db.Querier, x Participant, id string) (*LibraryDocument, error) {
	d, err := scanDocument(q.QueryRow(ctx, "SELECT "+documentColumns+documentJoins+" WHERE d.id = ?", id), x)
	if err != nil {
		return nil, err
	}
	if !x.Sees(d.Space) {
		return nil, ErrNotFound
	}
	return d, nil
}

// DeleteDocument removes a document with all its versions: its uploader
// or a coordinator of its space may.
func (s *Store) DeleteDocument(ctx context.Context, x Participant, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		d, err := documentIn(ctx, tx, x, id)
		if err != nil {
			return err
		}
		if !d.Deletable {
			return ErrForbidden
		}
		if _, err := tx.Exec(ctx, "DELETE FROM library_versions WHERE document_id = ?", id); err != nil {
			return fmt.Errorf("regional: delete document: %w", err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM library_documents WHERE id = ?", id); err != nil {
			return fmt.Errorf("regional: delete document: %w", err)
		}
		if err := s.unindex(ctx, tx, DocDocument, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, x.p.Entry("library.document_delete", audit.ResultSuccess, "library_document", id,
			map[string]string{"space": d.Space, "versions": fmt.Sprint(d.Version)}))
	})
}
