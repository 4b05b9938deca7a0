package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// The data categories a client may agree to share with a referral. The
// pseudonym code and the program always go with it (the recipient must be
// able to name the case); nothing else of the file ever does.
const (
	ShareStatistics = "statistics" // birth year, gender, country, language, residence status, arrival year
	ShareContact    = "contact"    // name, phone, e-mail, address (needs stored contact data)
	SharePlan       = "plan"       // the support plan's open goals
)

// ShareCategories are the categories in the order forms list them.
var ShareCategories = []string{ShareStatistics, ShareContact, SharePlan}

// ReferralScope is what a referral consent covers: one recipient and the
// data categories.
type ReferralScope struct {
	// Kind is "office", "organisation" (registry rows, ID set) or
	// "external" (an organisation not on the platform, named only).
	Kind, ID string
	// Name names an external recipient (its only identity).
	Name       string
	Categories []string
}

// Covers reports whether a consent for c allows sending cats to the same
// recipient.
func (c ReferralScope) Covers(to ReferralScope) bool {
	if c.Kind == "" || c.Kind != to.Kind || c.ID != to.ID {
		return false
	}
	if c.Kind == "external" && !strings.EqualFold(strings.TrimSpace(c.Name), strings.TrimSpace(to.Name)) {
		return false
	}
	for _, x := range to.Categories {
		if !slices.Contains(c.Categories, x) {
			return false
		}
	}
	return true
}

func splitCategories(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Shared is what a referral carries of a file.
type Shared struct {
	Code       string            `json:"code"`
	ProgramID  string            `json:"program"`
	Statistics *SharedStatistics `json:"statistics,omitempty"`
	Contact    *ContactData      `json:"contact,omitempty"`
	Goals      []SharedGoal      `json:"goals,omitempty"`
}

// SharedStatistics are the file's statistics fields.
type SharedStatistics struct {
	BirthYear       int    `json:"birth_year,omitempty"`
	Gender          string `json:"gender,omitempty"`
	Country         string `json:"country,omitempty"`
	FirstLanguage   string `json:"first_language,omitempty"`
	ResidenceStatus string `json:"residence_status,omitempty"`
	ArrivalYear     int    `json:"arrival_year,omitempty"`
}

// SharedGoal is an open goal of the support plan.
type SharedGoal struct {
	Area  string `json:"area"`
	Title string `json:"title"`
}

// ReferralSource is the sending file's side of a referral.
type ReferralSource struct {
	FileID, FileCode, OfficeID, ProgramID string
	ConsentID                             string
	Shared                                Shared
}

// ReferralConsent is the consent a referral is sent with: an existing one
// (ID) or one recorded with it (Input, purpose referral).
type ReferralConsent struct {
	ID    string
	Input ConsentInput
}

// PrepareReferral checks, in the caller's transaction, that v may refer
// the client of the open file to `to` with the consent given, records the
// consent when it is new, and reads exactly the consented categories. A
// file outside v's scope is ErrNotFound; every refusal a person can fix
// is a valid.Errors. Audited as "consent.record" when recorded.
func (s *Store) PrepareReferral(ctx context.Context, tx *db.Tx, v Viewer, fileID string, to ReferralScope, c ReferralConsent) (ReferralSource, error) {
	f, err := loadFile(ctx, tx, v, fileID)
	if err != nil {
		return ReferralSource{}, err
	}
	if err := fileClosed(f); err != nil {
		return ReferralSource{}, err
	}
	src := ReferralSource{FileID: f.ID, FileCode: f.Code, OfficeID: f.OfficeID, ProgramID: f.ProgramID}
	if src.ConsentID, err = s.referralConsent(ctx, tx, v, fileID, to, c); err != nil {
		return ReferralSource{}, err
	}
	src.Shared, err = s.share(ctx, tx, f, to.Categories)
	return src, err
}

// referralConsent checks the chosen consent, or records the new one.
func (s *Store) referralConsent(ctx context.Context, tx *db.Tx, v Viewer, fileID string, to ReferralScope, c ReferralConsent) (string, error) {
	var e valid.Errors
	if c.ID != "" {
		found, err := loadConsent(ctx, tx, fileID, c.ID)
		if err != nil || !found.Active() || found.Purpose != PurposeReferral || !found.For.Covers(to) {
			e.Add("consent_id", "referral.consent_not_matching")
			return "", e
		}
		return found.ID, nil
	}
	in := c.Input
	in.Purpose = PurposeReferral
	in.normalize()
	if err := in.validate(s.today()); err != nil {
		return "", err
	}
	id := uuid.Must(uuid.NewV7()).String()
	if _, err := tx.Exec(ctx, `INSERT INTO consents (id, file_id, purpose, recipient, given_on, form, recorded_by, created_at,
		recipient_kind, recipient_id, categories) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, fileID, in.Purpose, in.Recipient,
		in.GivenOn, in.Form, v.UserID(), s.now(), to.Kind, to.ID, strings.Join(to.Categories, ",")); err != nil {
		return "", fmt.Errorf("casework: insert referral consent: %w", err)
	}
	detail := map[string]string{"consent": id, "purpose": in.Purpose, "form": in.Form, "recipient_kind": to.Kind,
		"recipient": to.ID, "categories": strings.Join(to.Categories, ",")}
	return id, s.audit.Append(ctx, tx, v.entry("consent.record", fileID, detail))
}

// share reads the consented categories of f.
func (s *Store) share(ctx context.Context, q db.Querier, f *File, cats []string) (Shared, error) {
	out := Shared{Code: f.Code, ProgramID: f.ProgramID}
	if slices.Contains(cats, ShareStatistics) {
		out.Statistics = &SharedStatistics{BirthYear: f.BirthYear, Gender: f.Gender, Country: f.Country,
			FirstLanguage: f.FirstLanguage, ResidenceStatus: f.ResidenceStatus, ArrivalYear: f.ArrivalYear}
	}
	if slices.Contains(cats, ShareContact) {
		ok, err := consented(ctx, q, f.ID, PurposeContactData)
		if err != nil {
			return Shared{}, err
		}
		cd, err := s.loadContactData(ctx, q, f.ID)
		if !ok || err == ErrNotFound {
			var e valid.Errors
			e.Add("categories", "referral.no_contact_data")
			return Shared{}, e
		}
		if err != nil {
			return Shared{}, err
		}
		out.Contact = cd
	}
	if slices.Contains(cats, SharePlan) {
		goals, err := s.loadGoals(ctx, q, f.ID)
		if err != nil {
			return Shared{}, err
		}
		for _, g := range goals {
			if g.Outcome == "" {
				out.Goals = append(out.Goals, SharedGoal{Area: g.Area, Title: g.Title})
			}
		}
	}
	return out, nil
}

// FileVisible reports ErrNotFound unless file id is in v's case scope; for
// other packages that list what belongs to a file (its referrals).
func FileVisible(ctx context.Context, q db.Querier, v Viewer, id string) error {
	_, err := loadFile(ctx, q, v, id)
	return err
}

// ReferralSourceOf reads the sending side of a referral draft: the open
// file in v's scope (ErrNotFound outside), without consent or data.
func ReferralSourceOf(ctx context.Context, q db.Querier, v Viewer, fileID string) (ReferralSource, error) {
	f, err := loadFile(ctx, q, v, fileID)
	if err != nil {
		return ReferralSource{}, err
	}
	if err := fileClosed(f); err != nil {
		return ReferralSource{}, err
	}
	return ReferralSource{FileID: f.ID, FileCode: f.Code, OfficeID: f.OfficeID, ProgramID: f.ProgramID}, nil
}
