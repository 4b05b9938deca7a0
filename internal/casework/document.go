package casework

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// MaxDocumentBytes bounds one document (10 MiB; the same CHECK as migration 00007).
const MaxDocumentBytes = 10 << 20

// maxDocumentTitle bounds a document's title in characters.
const maxDocumentTitle = 200

const documentTable = "case_documents"

// DocumentTypes are the content types a document may have. The type is
// detected from the bytes; a browser's claim or a file name counts for
// nothing.
var DocumentTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// DocumentInput is one uploaded document. ConsentID, when set, makes it the
// scan of one of the file's consents.
type DocumentInput struct {
	Title     string
	ConsentID string
	Content   []byte
}

// Document is a stored document. Content is filled by Document only.
type Document struct {
	ID, FileID  string
	ConsentID   string // "" unless it is a consent's scan
	Title       string
	ContentType string
	Size        int
	UploadedBy  string
	UploadedAt  time.Time
	Content     []byte
}

// AddDocument stores a document in an open file, title and content sealed
// under AADs naming the document. Bad input (missing title, empty, too
// large, a type other than PDF, JPEG or PNG, a consent of another file) is
// a valid.Errors and writes nothing. Audited as "case.document.add" without
// title or content.
func (s *Store) AddDocument(ctx context.Context, v Viewer, fileID string, in DocumentInput) (*Document, error) {
	in.Title, in.ConsentID = strings.TrimSpace(in.Title), strings.TrimSpace(in.ConsentID)
	d := &Document{ID: uuid.Must(uuid.NewV7()).String(), FileID: fileID, ConsentID: in.ConsentID, Title: in.Title,
		ContentType: DetectDocumentType(in.Content), Size: len(in.Content), UploadedBy: v.UserID(), UploadedAt: s.now()}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		f, err := loadFile(ctx, tx, v, fileID)
		if err != nil {
			return err
		}
		if err := fileClosed(f); err != nil {
			return err
		}
		if err := checkDocument(ctx, tx, fileID, in, d.ContentType); err != nil {
			return err
		}
		if err := s.insertDocument(ctx, tx, d, in.Content); err != nil {
			return err
		}
		detail := map[string]string{"document": d.ID, "type": d.ContentType, "size": fmt.Sprint(d.Size)}
		if d.ConsentID != "" {
			detail["consent"] = d.ConsentID
		}
		return s.audit.Append(ctx, tx, v.entry("case.document.add", fileID, detail))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DetectDocumentType sniffs the content type from the first bytes (magic
// numbers, http.DetectContentType); "" when it is none of DocumentTypes.
func DetectDocumentType(content []byte) string {
	t := http.DetectContentType(content)
	if slices.Contains(DocumentTypes, t) {
		return t
	}
	return ""
}

// checkDocument validates in; contentType is what DetectDocumentType found.
func checkDocument(ctx context.Context, q db.Querier, fileID string, in DocumentInput, contentType string) error {
	var e valid.Errors
	switch {
	case in.Title == "":
		e.Add("title", "documents.title_required")
	case tooLong(in.Title, maxDocumentTitle):
		e.Add("title", "documents.title_too_long", "max", maxDocumentTitle)
	}
	switch {
	case len(in.Content) == 0:
		e.Add("file", "documents.file_required")
	case len(in.Content) > MaxDocumentBytes:
		e.Add("file", "documents.too_large", "max_mb", MaxDocumentBytes>>20)
	case contentType == "":
		e.Add("file", "documents.type_not_allowed")
	}
	if in.ConsentID != "" {
		_, err := loadConsent(ctx, q, fileID, in.ConsentID)
		switch {
		case errors.Is(err, ErrNotFound):
			e.Add("consent_id", "documents.consent_unknown")
		case err != nil:
			return err
		}
	}
	return e.Err()
}

func (s *Store) insertDocument(ctx context.Context, tx *db.Tx, d *Document, content []byte) error {
	var consent any
	if d.ConsentID != "" {
		consent = d.ConsentID
	}
	_, err := tx.Exec(ctx, `INSERT INTO case_documents (id, file_id, consent_id, title_enc, content_type, size_bytes,
		content_enc, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, d.FileID, consent,
		s.seal(d.Title, documentTable, "title", d.ID), d.ContentType, d.Size,
		s.keys.Encrypt(content, aad(documentTable, "content", d.ID)), d.UploadedBy, d.UploadedAt)
	if err != nil {
		return fmt.Errorf("casework: insert document: %w", err)
	}
	return nil
}

// Documents lists the file's documents, oldest first, with their titles but
// without content. Audited as "case.document.list".
func (s *Store) Documents(ctx context.Context, v Viewer, fileID string) ([]Document, error) {
	var out []Document
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		if _, err := loadFile(ctx, q, v, fileID); err != nil {
			return audit.Entry{}, err
		}
		var err error
		if out, err = s.loadDocuments(ctx, q, fileID, false); err != nil {
			return audit.Entry{}, err
		}
		detail := map[string]string{"count": fmt.Sprint(len(out))}
		return v.entry("case.document.list", fileID, detail), nil
	})
	return out, err
}

// Document returns one document of the file with its content decrypted.
// Audited as "case.document.read"; a document of another file, like a file
// outside the viewer's scope, is ErrNotFound.
func (s *Store) Document(ctx context.Context, v Viewer, fileID, docID string) (*Document, error) {
	var d *Document
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		if _, err := loadFile(ctx, q, v, fileID); err != nil {
			return audit.Entry{}, err
		}
		row := q.QueryRow(ctx, documentSelect+", content_enc FROM case_documents WHERE file_id = ? AND id = ?", fileID, docID)
		var err error
		if d, err = s.scanDocument(row, true); errors.Is(err, sql.ErrNoRows) {
			return audit.Entry{}, ErrNotFound
		} else if err != nil {
			return audit.Entry{}, err
		}
		return v.entry("case.document.read", fileID, map[string]string{"document": docID}), nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteDocument removes one document of the file. Like a withdrawal it
// works on closed files too: removing personal data is always allowed.
// Audited as "case.document.delete".
func (s *Store) DeleteDocument(ctx context.Context, v Viewer, fileID, docID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadFile(ctx, tx, v, fileID); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "DELETE FROM case_documents WHERE file_id = ? AND id = ?", fileID, docID)
		if err != nil {
			return fmt.Errorf("casework: delete document: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("casework: delete document: %w", err)
		} else if n == 0 {
			return ErrNotFound
		}
		return s.audit.Append(ctx, tx, v.entry("case.document.delete", fileID, map[string]string{"document": docID}))
	})
}

const documentSelect = `SELECT id, file_id, consent_id, title_enc, content_type, size_bytes, uploaded_by, uploaded_at`

// loadDocuments reads the file's documents, with content when withContent.
func (s *Store) loadDocuments(ctx context.Context, q db.Querier, fileID string, withContent bool) ([]Document, error) {
	query := documentSelect
	if withContent {
		query += ", content_enc"
	}
	rows, err := q.Query(ctx, query+" FROM case_documents WHERE file_id = ? ORDER BY uploaded_at, id", fileID)
	if err != nil {
		return nil, fmt.Errorf("casework: documents: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := s.scanDocument(rows, withContent)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("casework: documents: %w", err)
	}
	return out, nil
}

// scanDocument reads one row of documentSelect (plus content_enc when
// withContent) and opens the sealed cells.
func (s *Store) scanDocument(row interface{ Scan(...any) error }, withContent bool) (*Document, error) {
	var d Document
	var consent sql.NullString
	var title, content string
	dest := []any{&d.ID, &d.FileID, &consent, &title, &d.ContentType, &d.Size, &d.UploadedBy, &d.UploadedAt}
	if withContent {
		dest = append(dest, &content)
	}
	if err := row.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("casework: read document: %w", err)
	}
	d.ConsentID = consent.String
	var err error
	if d.Title, err = s.open(title, documentTable, "title", d.ID); err != nil {
		return nil, err
	}
	if withContent {
		if d.Content, err = s.keys.Decrypt(content, aad(documentTable, "content", d.ID)); err != nil {
			return nil, fmt.Errorf("casework: open %s.content of %s: %w", documentTable, d.ID, err)
		}
	}
	return &d, nil
}

// exportDocuments reads the file's documents with their content for the
// data-subject export; the caller audits the export.
func (s *Store) exportDocuments(ctx context.Context, v Viewer, fileID string) ([]Document, error) {
	var out []Document
	err := s.db.InRead(ctx, func(q db.Querier) error {
		if _, err := loadFile(ctx, q, v, fileID); err != nil {
			return err
		}
		var err error
		out, err = s.loadDocuments(ctx, q, fileID, true)
		return err
	})
	return out, err
}

// toExportDocuments turns documents with content into their export form,
// naming the consent a scan belongs to by its purpose and date.
func toExportDocuments(docs []Document, consents []Consent) []ExportDocument {
	out := make([]ExportDocument, 0, len(docs))
	for _, d := range docs {
		x := ExportDocument{Title: d.Title, ContentType: d.ContentType, SizeBytes: d.Size, UploadedAt: d.UploadedAt,
			ContentBase64: base64.StdEncoding.EncodeToString(d.Content)}
		for _, c := range consents {
			if c.ID == d.ConsentID {
				x.ConsentPurpose, x.ConsentGivenOn = c.Purpose, date(c.GivenOn)
			}
		}
		out = append(out, x)
	}
	return out
}
