package pdfdoc

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
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

// sampleExport is a closed file with every section filled.
func sampleExport() *casework.ExportFile {
	return &casework.ExportFile{Code: "K-7Q2X-9M", Office: "o1", Program: "mbe", IntakeOn: "2026-01-10",
		BirthYear: 1990, Gender: "female", Country: "SY", FirstLanguage: "ar", ResidenceStatus: "humanitarian",
		ArrivalYear: 2015, Status: casework.Closed, ClosedOn: "2026-06-01", CloseReason: "goals_reached",
		DeleteAfter: "2029-12-31",
		ContactData: &casework.ContactData{Name: "ليلى أحمد", Phone: "+49 511 123456", Address: "Lange Straße 1\n30159 Hannover"},
		Consents: []casework.ExportConsent{{Purpose: "contact_data", GivenOn: "2026-01-10", Form: "written"},
			{Purpose: "referral", Recipient: "Jobcenter Hannover", GivenOn: "2026-01-12", Form: "oral", WithdrawnOn: "2026-02-01"}},
		Contacts: []casework.ExportContact{{On: "2026-01-10", Minutes: 45, Channel: "in_person", Language: "ar",
			Interpreter: true, Topics: []string{"work", "housing"}, Note: "Erstgespräch.\nملاحظة بالعربية 12 مع رقم"}},
		Documents: []casework.ExportDocument{{Title: "Einwilligung Scan", ContentType: "application/pdf", SizeBytes: 2048,
			UploadedAt: day("2026-01-10"), ConsentPurpose: "contact_data", ConsentGivenOn: "2026-01-10", ContentBase64: "JVBERi0="}},
		ExportedAt: day("2026-07-01")}
}

// laidOut are the export's fields by JSON name that WriteExport shows
// (office_id and program_id as the names the caller gives; a document's
// content stays in the JSON download).
var laidOut = []string{"code", "office_id", "program_id", "intake_on", "birth_year", "gender", "country",
	"first_language", "residence_status", "arrival_year", "status", "closed_on", "close_reason", "delete_after",
	"contact_data", "consents", "contacts", "documents", "exported_at"}

// A field added to casework.ExportFile must get a place in the PDF too:
// the data subject is owed all of it in either form.
func TestExportPDFCoversEveryField(t *testing.T) {
	typ := reflect.TypeFor[casework.ExportFile]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if !slices.Contains(laidOut, name) {
			t.Errorf("export field %q has no section in the export PDF", name)
		}
	}
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
			in := ExportDoc{File: sampleExport(), Office: "Beratungsstelle Hannover-Mitte", Program: "MBE",
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
	t.Run("no file", func(t *testing.T) {
		if err := WriteExport(&bytes.Buffer{}, ExportDoc{}, languagesOf(t, "de")); err == nil {
			t.Error("no error without a file")
		}
	})
}
