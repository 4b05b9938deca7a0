package pdfdoc

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// languagesOf builds the document languages the way the web handlers do:
// German plus the client's language unless that is German.
func languagesOf(t *testing.T, lang string) Languages {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	de := cat.Localizer("de")
	ls := Languages{De: Lang{Code: "de", T: de.T}}
	if lang != "de" {
		o := cat.Localizer(lang)
		ls.Other = &Lang{Code: lang, RTL: o.Dir() == "rtl", T: o.T}
	}
	return ls
}

var day = func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

// samplePlan has goals typed in German and in Arabic, with a measure that
// is long enough to wrap.
func samplePlan(goals int) *casework.Plan {
	p := &casework.Plan{FileID: "f1", StartsOn: day("2026-02-01"), ReviewOn: day("2026-08-01"), Version: 3}
	areas := casework.PlanAreas
	for i := range goals {
		g := casework.Goal{ID: strconv.Itoa(i), Area: areas[i%len(areas)], Title: "Deutschkurs B1 abschließen"}
		if i%2 == 1 {
			g.Title, g.Outcome = "إيجاد سكن في هانوفر (3 غرف)", "partly"
		}
		for j := range 3 {
			g.Measures = append(g.Measures, casework.Measure{ID: strconv.Itoa(j),
				Description: strings.Repeat("Anmeldung bei der Volkshochschule mit allen Unterlagen; ", j+1),
				Responsible: casework.Responsibles[j], DueOn: day("2026-03-15"),
				Status: casework.MeasureStatuses[j], ReviewOn: day("2026-04-01")})
		}
		p.Goals = append(p.Goals, g)
	}
	return p
}

// sampleExport is an export JSON as casework.Store.Export writes it, with
// one field the PDF has no section for.
func sampleExport(t *testing.T) []byte {
	x := map[string]any{"code": "K-7Q2X-9M", "office_id": "o1", "program_id": "mbe", "intake_on": "2026-01-10",
		"birth_year": 1990, "gender": "female", "country": "SY", "first_language": "ar",
		"residence_status": "humanitarian", "arrival_year": 2015, "status": "closed", "closed_on": "2026-06-01",
		"close_reason": "goals_reached", "delete_after": "2029-12-31",
		"contact_data": map[string]any{"name": "ليلى أحمد", "phone": "+49 511 123456", "address": "Lange Straße 1\n30159 Hannover"},
		"consents": []any{map[string]any{"purpose": "contact_data", "given_on": "2026-01-10", "form": "written"},
			map[string]any{"purpose": "referral", "recipient": "Jobcenter Hannover", "given_on": "2026-01-12", "form": "oral", "withdrawn_on": "2026-02-01"}},
		"contacts": []any{map[string]any{"date": "2026-01-10", "minutes": 45, "channel": "in_person", "language": "ar",
			"interpreter": true, "topics": []string{"work", "housing"}, "note": "Erstgespräch.\nملاحظة بالعربية 12 مع رقم"}},
		"documents": []any{map[string]any{"title": "Einwilligung Scan", "content_type": "application/pdf", "size_bytes": 2048,
			"uploaded_at": "2026-01-10T10:00:00Z", "consent_purpose": "contact_data", "consent_given_on": "2026-01-10",
			"content_base64": "JVBERi0="}},
		"future_field": "value",
		"exported_at":  "2026-07-01T09:30:00Z"}
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var countRe = regexp.MustCompile(`/Type /Pages\n/Kids \[[^\]]*\]\n/Count (\d+)`)

// checkPDF asserts a complete PDF with the embedded DejaVu fonts and
// returns its page count.
func checkPDF(t *testing.T, b []byte) int {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("does not start with %%PDF: %q", b[:min(len(b), 10)])
	}
	if !bytes.HasSuffix(bytes.TrimRight(b, "\r\n"), []byte("%%EOF")) {
		t.Error("does not end with the end-of-file marker")
	}
	if !bytes.Contains(b, []byte("/FontFile2")) || !bytes.Contains(b, []byte("/BaseFont /utf8dejavusans")) {
		t.Error("fonts not embedded")
	}
	m := countRe.FindSubmatch(b)
	if m == nil {
		t.Fatal("no page tree")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// keep writes a document to $KMN_PDF_DIR for looking at it.
func keep(t *testing.T, name string, b []byte) {
	if dir := os.Getenv("KMN_PDF_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWritePlan(t *testing.T) {
	tests := []struct {
		name          string
		goals         int
		minPages, max int
	}{
		{"empty", 0, 1, 1},
		{"two goals", 2, 1, 3},
		{"many goals", 12, 4, 40},
	}
	for _, lang := range i18n.Public {
		for _, tt := range tests {
			t.Run(lang+"/"+tt.name, func(t *testing.T) {
				var buf bytes.Buffer
				in := PlanDoc{Code: "K-7Q2X-9M", Office: "Beratungsstelle Hannover-Mitte", Plan: samplePlan(tt.goals),
					PrintedOn: day("2026-07-01")}
				if err := WritePlan(&buf, in, languagesOf(t, lang)); err != nil {
					t.Fatal(err)
				}
				if n := checkPDF(t, buf.Bytes()); n < tt.minPages || n > tt.max {
					t.Errorf("%d pages, want %d–%d", n, tt.minPages, tt.max)
				}
				keep(t, "plan-"+lang+"-"+strings.ReplaceAll(tt.name, " ", "-")+".pdf", buf.Bytes())
			})
		}
	}
}

// TestPlanTextIsShaped looks into the uncompressed page content: fpdf
// writes UTF-16BE code points, so the Arabic title must appear as its
// presentation forms in display order, and no unshaped letter may remain.
func TestPlanTextIsShaped(t *testing.T) {
	compressPages = false
	defer func() { compressPages = true }()
	var buf bytes.Buffer
	in := PlanDoc{Code: "K-1", Plan: samplePlan(2), PrintedOn: day("2026-07-01")}
	if err := WritePlan(&buf, in, languagesOf(t, "ar")); err != nil {
		t.Fatal(err)
	}
	utf16 := func(rs ...rune) []byte {
		var b []byte
		for _, c := range rs {
			b = append(b, byte(c>>8), byte(c))
		}
		return b
	}
	// "خطة" (planprint.title) in display order: teh marbuta, tah, khah.
	if !bytes.Contains(buf.Bytes(), utf16(0xFE94, 0xFEC4, 0xFEA7)) {
		t.Error("shaped title not found")
	}
	if bytes.Contains(buf.Bytes(), utf16('\u0637')) {
		t.Error("unshaped tah in the content")
	}
}

func TestWriteExport(t *testing.T) {
	history := []casework.PlanVersion{{Version: 2, SavedAt: day("2026-03-01"), Changes: make([]casework.PlanChange, 4)},
		{Version: 1, SavedAt: day("2026-02-01"), Changes: make([]casework.PlanChange, 1)}}
	for _, lang := range i18n.Public {
		t.Run(lang, func(t *testing.T) {
			var buf bytes.Buffer
			in := ExportDoc{JSON: sampleExport(t), Office: "Beratungsstelle Hannover-Mitte", Program: "MBE",
				Plan: samplePlan(2), History: history, PrintedOn: day("2026-07-01")}
			if err := WriteExport(&buf, in, languagesOf(t, lang)); err != nil {
				t.Fatal(err)
			}
			if n := checkPDF(t, buf.Bytes()); n < 2 || n > 8 {
				t.Errorf("%d pages, want 2–8", n)
			}
			keep(t, "export-"+lang+".pdf", buf.Bytes())
		})
	}
	t.Run("bad json", func(t *testing.T) {
		if err := WriteExport(&bytes.Buffer{}, ExportDoc{JSON: []byte("{")}, languagesOf(t, "de")); err == nil {
			t.Error("no error for broken JSON")
		}
	})
}
