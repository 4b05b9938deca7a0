package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/config"
)

// TestKeyRotationCoversCaseData: after `kmn keys rotate`, case notes and
// contact details are on the new key and still read back unchanged.
func TestKeyRotationCoversCaseData(t *testing.T) {
	dir := t.TempDir()
	a := openDemo(t, dir)
	ctx := context.Background()
	u, err := auth.UserByEmail(ctx, a.DB, app.DemoAccounts[4].Email) // the counselor
	if err != nil {
		t.Fatal(err)
	}
	var officeID string
	if err := a.DB.QueryRow(ctx, "SELECT id FROM offices WHERE external_id = ?", "mbe-hannover-mitte").Scan(&officeID); err != nil {
		t.Fatal(err)
	}
	p, err := a.Auth.PrincipalOf(ctx, u.ID, auth.Client{})
	if err != nil {
		t.Fatal(err)
	}
	v := casework.ViewerOf(p)
	store := casework.NewStore(a.DB, a.Audit, a.Keys, casework.Options{})
	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)
	f, err := store.Create(ctx, v, casework.FileInput{OfficeID: officeID, ProgramID: "mbe", IntakeOn: day, BirthYear: 1980,
		Gender: "female", Country: "SY", FirstLanguage: "ar", ResidenceStatus: "humanitarian", ArrivalYear: 2016})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.RecordConsent(ctx, v, f.ID, casework.ConsentInput{Purpose: casework.PurposeContactData, GivenOn: day, Form: "written"}); err != nil {
		t.Fatal(err)
	}
	if err := store.SetContactData(ctx, v, f.ID, casework.ContactData{Name: "Amal Testperson", Phone: "0511 1234"}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.AddContact(ctx, v, f.ID, casework.ContactInput{On: day, Minutes: 45, Channel: "in_person", Language: "ar", Note: "Notiz-XYZ"}); err != nil {
		t.Fatal(err)
	}
	scan := []byte("%PDF-1.4\nScan-XYZ\n%%EOF\n")
	doc, err := store.AddDocument(ctx, v, f.ID, casework.DocumentInput{Title: "Bescheid-XYZ", Content: scan})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	if code, out, stderr := run("keys", "rotate", "--data", dir); code != 0 {
		t.Fatalf("rotate: %d\n%s\n%s", code, out, stderr)
	}
	cfg := config.Default()
	cfg.DataDir, cfg.PasswordCost = dir, config.CostTest
	b, err := app.Open(ctx, cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var prefix string
	if err := b.DB.QueryRow(ctx, "SELECT note_enc FROM counseling_contacts").Scan(&prefix); err != nil {
		t.Fatal(err)
	}
	if b.Keys.ActiveID() == "" || len(prefix) <= len(b.Keys.ActiveID()) || prefix[:len(b.Keys.ActiveID())] != b.Keys.ActiveID() {
		t.Fatalf("note not re-encrypted with the new key %s", b.Keys.ActiveID())
	}
	store = casework.NewStore(b.DB, b.Audit, b.Keys, casework.Options{})
	got, err := store.Get(ctx, v, f.ID)
	if err != nil || len(got.Contacts) != 1 || got.Contacts[0].Note != "Notiz-XYZ" {
		t.Fatalf("note after rotation: %+v %v", got, err)
	}
	cd, err := store.ContactData(ctx, v, f.ID)
	if err != nil || cd.Name != "Amal Testperson" {
		t.Fatalf("contact data after rotation: %+v %v", cd, err)
	}
	var title, content string
	if err := b.DB.QueryRow(ctx, "SELECT title_enc, content_enc FROM case_documents").Scan(&title, &content); err != nil {
		t.Fatal(err)
	}
	for _, sealed := range []string{title, content} {
		if !strings.HasPrefix(sealed, b.Keys.ActiveID()+":") {
			t.Fatalf("document not re-encrypted with the new key %s", b.Keys.ActiveID())
		}
	}
	if got, err := store.Document(ctx, v, f.ID, doc.ID); err != nil || got.Title != "Bescheid-XYZ" || !bytes.Equal(got.Content, scan) {
		t.Fatalf("document after rotation: %v", err)
	}
}
