package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// ExportFile is a file for the data subject (Art. 15 GDPR): everything
// stored about them, decrypted, with plain field names. Export writes it
// as JSON; the export PDF lays out the same value.
type ExportFile struct {
	Code            string          `json:"code"`
	Office          string          `json:"office_id"`
	Program         string          `json:"program_id"`
	IntakeOn        string          `json:"intake_on"`
	BirthYear       int             `json:"birth_year"`
	Gender          string          `json:"gender"`
	Country         string          `json:"country,omitempty"`
	FirstLanguage   string          `json:"first_language,omitempty"`
	ResidenceStatus string          `json:"residence_status"`
	ArrivalYear     int             `json:"arrival_year,omitempty"`
	Status          Status          `json:"status"`
	ClosedOn        string          `json:"closed_on,omitempty"`
	CloseReason     string          `json:"close_reason,omitempty"`
	DeleteAfter     string          `json:"delete_after,omitempty"`
	ContactData     *ContactData    `json:"contact_data,omitempty"`
	Consents        []ExportConsent `json:"consents"`
	Contacts        []ExportContact `json:"contacts"`
	// Documents are the file's documents and scans, content included
	// (base64): access under Art. 15 covers them too.
	Documents  []ExportDocument `json:"documents"`
	ExportedAt time.Time        `json:"exported_at"`
}

// ExportDocument is one document of the file with its decrypted content.
type ExportDocument struct {
	Title       string    `json:"title"`
	ContentType string    `json:"content_type"`
	SizeBytes   int       `json:"size_bytes"`
	UploadedAt  time.Time `json:"uploaded_at"`
	// ConsentPurpose and ConsentGivenOn name the consent a scan belongs to.
	ConsentPurpose string `json:"consent_purpose,omitempty"`
	ConsentGivenOn string `json:"consent_given_on,omitempty"`
	ContentBase64  string `json:"content_base64"`
}

// ExportConsent is one consent as exported.
type ExportConsent struct {
	Purpose     string `json:"purpose"`
	Recipient   string `json:"recipient,omitempty"`
	GivenOn     string `json:"given_on"`
	Form        string `json:"form"`
	WithdrawnOn string `json:"withdrawn_on,omitempty"`
}

// ExportContact is one counseling contact as exported, note decrypted.
type ExportContact struct {
	On          string   `json:"date"`
	Minutes     int      `json:"minutes"`
	Channel     string   `json:"channel"`
	Language    string   `json:"language,omitempty"`
	Interpreter bool     `json:"interpreter"`
	Topics      []string `json:"topics"`
	Note        string   `json:"note,omitempty"`
}

// Export returns ExportFile as indented JSON.
func (s *Store) Export(ctx context.Context, v Viewer, id string) ([]byte, error) {
	x, err := s.ExportFile(ctx, v, id)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("casework: export: %w", err)
	}
	return b, nil
}

// ExportFile reads the whole file for the data subject, contact data
// included while consented, notes and documents decrypted. Audited as
// "case.export".
func (s *Store) ExportFile(ctx context.Context, v Viewer, id string) (*ExportFile, error) {
	// Documents are read first, in their own transaction: if the audited
	// read below fails, they are never handed out.
	docs, err := s.exportDocuments(ctx, v, id)
	if err != nil {
		return nil, err
	}
	f, err := s.read(ctx, v, id, "case.export")
	if err != nil {
		return nil, err
	}
	x := toExport(f, s.now())
	x.Documents = toExportDocuments(docs, f.Consents)
	return &x, nil
}

func toExport(f *File, now time.Time) ExportFile {
	x := ExportFile{Code: f.Code, Office: f.OfficeID, Program: f.ProgramID, IntakeOn: date(f.IntakeOn),
		BirthYear: f.BirthYear, Gender: f.Gender, Country: f.Country, FirstLanguage: f.FirstLanguage,
		ResidenceStatus: f.ResidenceStatus, ArrivalYear: f.ArrivalYear, Status: f.Status,
		ClosedOn: date(f.ClosedOn), CloseReason: f.CloseReason, DeleteAfter: date(f.DeleteAfter),
		ContactData: f.ContactData, Consents: []ExportConsent{}, Contacts: []ExportContact{}, ExportedAt: now}
	for _, c := range f.Consents {
		x.Consents = append(x.Consents, ExportConsent{Purpose: c.Purpose, Recipient: c.Recipient,
			GivenOn: date(c.GivenOn), Form: c.Form, WithdrawnOn: date(c.WithdrawnOn)})
	}
	for _, c := range f.Contacts {
		topics := c.Topics
		if topics == nil {
			topics = []string{}
		}
		x.Contacts = append(x.Contacts, ExportContact{On: date(c.On), Minutes: c.Minutes, Channel: c.Channel,
			Language: c.Language, Interpreter: c.Interpreter, Topics: topics, Note: c.Note})
	}
	return x
}

// date formats a calendar date, "" for the zero time.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
