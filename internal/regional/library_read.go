package regional

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
)

// LibraryFilter picks documents of one space: in one folder ("" for all),
// one page of them.
type LibraryFilter struct {
	FolderID      string
	Limit, Offset int
}

// Documents lists the documents of a space x sees, latest change first,
// and how many there are in all. An unknown folder is ErrNotFound.
func (s *Store) Documents(ctx context.Context, x Participant, space string, f LibraryFilter) ([]*LibraryDocument, int, error) {
	if !x.Sees(space) {
		return nil, 0, ErrNotFound
	}
	cond, args := " WHERE d.space = ?", []any{space}
	if f.FolderID != "" {
		if _, err := folderIn(ctx, s.db, space, f.FolderID); err != nil {
			return nil, 0, err
		}
		cond, args = cond+" AND d.folder_id = ?", append(args, f.FolderID)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM library_documents d"+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("regional: documents: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := s.db.Query(ctx, "SELECT "+documentColumns+documentJoins+cond+" ORDER BY d.updated_at DESC, d.id LIMIT ? OFFSET ?",
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("regional: documents: %w", err)
	}
	defer rows.Close()
	var out []*LibraryDocument
	for rows.Next() {
		d, err := scanDocument(rows, x)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("regional: documents: %w", err)
	}
	rows.Close()
	var people []string
	for _, d := range out {
		people = append(people, d.CreatedBy, d.Latest.UploadedBy)
	}
	names, err := auth.NamesOf(ctx, s.db, people)
	if err != nil {
		return nil, 0, err
	}
	for _, d := range out {
		d.Creator, d.Latest.Uploader = names[d.CreatedBy], names[d.Latest.UploadedBy]
	}
	return out, total, nil
}

// Document reads a document of a space x sees with all its versions.
func (s *Store) Document(ctx context.Context, x Participant, id string) (*LibraryDocument, error) {
	d, err := documentIn(ctx, s.db, x, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, version, filename, content_type, size, uploaded_by, uploaded_at
		FROM library_versions WHERE document_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("regional: versions: %w", err)
	}
	defer rows.Close()
	people := []string{d.CreatedBy}
	for rows.Next() {
		var v LibraryVersion
		if err := rows.Scan(&v.ID, &v.Version, &v.Filename, &v.ContentType, &v.Size, &v.UploadedBy, &v.Uploaded); err != nil {
			return nil, fmt.Errorf("regional: versions: %w", err)
		}
		v.Uploaded = v.Uploaded.UTC()
		d.Versions, people = append(d.Versions, v), append(people, v.UploadedBy)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("regional: versions: %w", err)
	}
	rows.Close()
	names, err := auth.NamesOf(ctx, s.db, people)
	if err != nil {
		return nil, err
	}
	d.Creator = names[d.CreatedBy]
	for i := range d.Versions {
		d.Versions[i].Uploader = names[d.Versions[i].UploadedBy]
	}
	d.Latest.Uploader = names[d.Latest.UploadedBy]
	return d, nil
}

// VersionContent reads one version of a document of a space x sees with
// its content opened.
func (s *Store) VersionContent(ctx context.Context, x Participant, docID string, version int) (*LibraryVersion, error) {
	if _, err := documentIn(ctx, s.db, x, docID); err != nil {
		return nil, err
	}
	var v LibraryVersion
	var sealed string
	err := s.db.QueryRow(ctx, `SELECT id, version, filename, content_type, size, uploaded_by, uploaded_at, content_enc
		FROM library_versions WHERE document_id = ? AND version = ?`, docID, version).
		Scan(&v.ID, &v.Version, &v.Filename, &v.ContentType, &v.Size, &v.UploadedBy, &v.Uploaded, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("regional: version: %w", err)
	}
	if v.Content, err = s.keys.Decrypt(sealed, versionAAD(v.ID)); err != nil {
		return nil, fmt.Errorf("regional: open %s.content of %s: %w", versionTable, v.ID, err)
	}
	return &v, nil
}
