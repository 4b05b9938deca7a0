package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// auditCount counts the audit rows of action for a file.
func auditCount(t *testing.T, srv *apptest.Server, action, id string) int {
	t.Helper()
	recs, err := srv.App.Audit.List(context.Background(), audit.Filter{ActionPrefix: action, ObjectID: id})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Action == action {
			n++
		}
	}
	return n
}

func TestCasePDFs(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "pdf@cases.example", perm.Counselor, perm.Office, fx.officeID))
	id := createCase(t, c, fx.officeID) // first language "ar"
	resp, body := c.Post(t, "/cases/"+id+"/plan", planForm("0"))
	wantStatus(t, "save plan", resp, body, 303)
	resp, body = c.Post(t, "/cases/"+id+"/contacts", url.Values{"on": {caseYesterday()}, "minutes": {"30"},
		"channel": {"phone"}, "note": {"Telefonat wegen Wohnung"}})
	wantStatus(t, "add contact", resp, body, 303)

	other, err := srv.App.Network.CreateOffice(context.Background(), ministryEditor, network.OfficeInput{OrganisationID: fx.orgID,
		Name: "MBE AWO Linden", ExternalID: "awo-h-pdf", Postcode: "30449", Languages: []string{"de"}, Programs: []string{"mbe"}}, srv.App.Geo)
	if err != nil {
		t.Fatal(err)
	}
	stranger := srv.NewClient(t)
	stranger.Login(t, srv.CreateAccount(t, "stranger@cases.example", perm.Counselor, perm.Office, other.ID))

	page := caseGet(t, c, "/cases/"+id+"/plan")
	if !strings.Contains(page, `href="/cases/`+id+`/plan/pdf"`) {
		t.Error("plan page does not link the PDF")
	}
	page = caseGet(t, c, "/cases/"+id)
	if !strings.Contains(page, `href="/cases/`+id+`/export/pdf"`) {
		t.Error("file page does not link the export PDF")
	}

	tests := []struct {
		name, path, file, audit string
	}{
		{"plan", "/cases/" + id + "/plan/pdf", "plan-" + id + ".pdf", "plan.read"},
		{"export", "/cases/" + id + "/export/pdf", "case-" + id + ".pdf", "case.export"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := auditCount(t, srv, tt.audit, id)
			resp, body := c.Get(t, tt.path)
			wantStatus(t, tt.path, resp, "", http.StatusOK)
			if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
				t.Errorf("Content-Type %q", ct)
			}
			if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="`+tt.file+`"` {
				t.Errorf("Content-Disposition %q", cd)
			}
			if !strings.HasPrefix(body, "%PDF-") || !strings.HasSuffix(strings.TrimSpace(body), "%%EOF") {
				t.Errorf("not a PDF: %q…", body[:min(len(body), 20)])
			}
			if !strings.Contains(body, "/Count ") || !strings.Contains(body, "/FontFile2") {
				t.Error("no pages or no embedded font")
			}
			if dir := os.Getenv("KMN_PDF_DIR"); dir != "" { // to look at it
				_ = os.WriteFile(filepath.Join(dir, "web-"+tt.file), []byte(body), 0o644)
			}
			if got := auditCount(t, srv, tt.audit, id); got != before+1 {
				t.Errorf("audit %s: %d rows, want %d", tt.audit, got, before+1)
			}

			// A counselor of another office, and a file that does not exist.
			resp, body = stranger.Get(t, tt.path)
			wantStatus(t, "stranger "+tt.path, resp, body, http.StatusNotFound)
			if strings.HasPrefix(body, "%PDF") {
				t.Error("stranger got the PDF")
			}
			resp, body = c.Get(t, strings.Replace(tt.path, id, "00000000-0000-7000-8000-000000000000", 1))
			wantStatus(t, "unknown file", resp, body, http.StatusNotFound)
		})
	}
	if n := auditCount(t, srv, "plan.history", id); n < 1 {
		t.Error("export PDF did not read the plan history")
	}
}
