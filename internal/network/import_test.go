package network_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
)

// seedThree creates three offices: one of an organisation without external
// id (exported by name), one with a precise position and a phone number
// starting with + (exported as '+…), one of an organisation with external id.
func seedThree(t *testing.T, f fixture) {
	t.Helper()
	ctx := context.Background()
	org2, err := f.store.CreateOrganisation(ctx, ministry, network.OrganisationInput{ExternalID: "ORG-2", Name: "AWO Göttingen", Kind: network.Provider})
	if err != nil {
		t.Fatal(err)
	}
	a := withExternal(officeInput(f.org.ID), "MBE-1")
	a.Hours.Exceptions = []hours.Exception{{Date: "2026-12-24", Closed: true}}
	b := withExternal(officeInput(f.org.ID), "MBE-2")
	lat, lon := 52.3801234, 9.7412345
	b.Name, b.Phone, b.Lat, b.Lon, b.StepFree = "MBE Hannover-List", "+49 511 987654", &lat, &lon, true
	c := withExternal(officeInput(org2.ID), "JMD-1")
	c.Name, c.Postcode, c.City, c.Programs, c.Topics, c.Status = "JMD Göttingen", "37073", "Göttingen", []string{"jmd"}, nil, network.TemporarilyClosed
	for _, in := range []network.OfficeInput{a, b, c} {
		if _, err := f.store.CreateOffice(ctx, ministry, in, f.geo); err != nil {
			t.Fatal(err)
		}
	}
}

func exportCSV(t *testing.T, s *network.Store) string {
	t.Helper()
	tbl, err := s.OfficesTable(context.Background(), network.OfficeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tabular.Write(&b, tabular.CSV, tbl); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func importText(t *testing.T, f fixture, text string, dryRun bool) network.ImportReport {
	t.Helper()
	rep, err := f.store.ImportOffices(context.Background(), ministry, strings.NewReader(text), f.geo, dryRun)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// editCSV sets column col of the row with external id ext.
func editCSV(t *testing.T, text, ext, col, value string) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ci := slices.Index(recs[0], col)
	for _, r := range recs[1:] {
		if r[0] == ext {
			r[ci] = value
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(recs)
	return b.String()
}

func counts(r network.ImportReport) string {
	return fmt.Sprintf("rows=%d created=%d updated=%d unchanged=%d errors=%d committed=%v", r.Rows, r.Created, r.Updated, r.Unchanged, len(r.Errors), r.Committed)
}

// freshDB opens another empty database on the same engine.
func freshDB(t *testing.T, d *db.DB) *db.DB {
	if d.Dialect() == db.Postgres {
		return dbtest.Postgres(t)
	}
	return dbtest.SQLite(t)
}

func TestImportRoundTrip(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		seedThree(t, f)
		exported := exportCSV(t, f.store)
		if !strings.Contains(exported, "'+49 511 987654") || !strings.Contains(exported, "52.380123") {
			t.Fatalf("export lacks the defused phone or the precise position:\n%s", exported)
		}
		if rep := importText(t, f, exported, false); counts(rep) != "rows=3 created=0 updated=0 unchanged=3 errors=0 committed=true" {
			t.Fatalf("re-import of an export: %s %+v", counts(rep), rep.Errors)
		}
		edited := editCSV(t, exported, "MBE-2", "name", "MBE Hannover-Nordstadt")
		rep := importText(t, f, edited, false)
		if counts(rep) != "rows=3 created=0 updated=1 unchanged=2 errors=0 committed=true" {
			t.Fatalf("one edited cell: %s %+v", counts(rep), rep.Errors)
		}
		for _, p := range rep.Preview {
			if p.ExternalID == "MBE-2" && (p.Action != network.ActionUpdate || !slices.Equal(p.Changed, []string{"name"})) {
				t.Fatalf("preview of the edited row: %+v", p)
			}
		}
		recs, err := audit.New(d).List(ctx, audit.Filter{ActionPrefix: "office.import"})
		if err != nil {
			t.Fatal(err)
		}
		var updates, summaries int
		for _, r := range recs {
			switch r.Action {
			case "office.import_update":
				updates++
				if r.Detail["name.before"] != "MBE Hannover-List" || r.Detail["name.after"] != "MBE Hannover-Nordstadt" {
					t.Errorf("update audit: %+v", r.Detail)
				}
			case "office.import":
				summaries++
			}
		}
		if updates != 1 || summaries != 2 {
			t.Fatalf("audit: %d updates, %d summaries", updates, summaries)
		}
		kept, _, err := f.store.ListOffices(ctx, network.OfficeFilter{Search: "MBE Hannover-Mitte"}, network.Page{})
		if err != nil || len(kept) != 1 || len(kept[0].Hours.Exceptions) != 1 {
			t.Fatalf("the import dropped the hours exceptions: %+v %v", kept, err)
		}

		fresh := setup(t, freshDB(t, d))
		if _, err := fresh.store.CreateOrganisation(ctx, ministry, network.OrganisationInput{ExternalID: "ORG-2", Name: "AWO Göttingen", Kind: network.Provider}); err != nil {
			t.Fatal(err)
		}
		if rep := importText(t, fresh, edited, false); counts(rep) != "rows=3 created=3 updated=0 unchanged=0 errors=0 committed=true" {
			t.Fatalf("import into a fresh database: %s %+v", counts(rep), rep.Errors)
		}
		if again := exportCSV(t, fresh.store); again != exportCSV(t, f.store) {
			t.Fatalf("the fresh database exports differently:\n%s\n---\n%s", again, exportCSV(t, f.store))
		}
	})
}

const handCSV = `external_id,name,organisation,postcode,city,hours,programs,languages,step_free,status
H-1,MBE Celle,Caritas Hannover,29221,Celle,"Mo 09:00-12:00; Do 14:00-18:00",mbe,ar fa,ja,
H-2,JMD Lüneburg,Caritas Hannover,21335,Lüneburg,Di 10:00-16:00,jmd,,x,active
`

func TestImportIdempotentAndDryRun(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		before := countRows(t, d)
		dry := importText(t, f, handCSV, true)
		if counts(dry) != "rows=2 created=2 updated=0 unchanged=0 errors=0 committed=false" || !dry.DryRun || len(dry.Preview) != 2 ||
			dry.Preview[1].Line != 3 || dry.Preview[1].Action != network.ActionCreate {
			t.Fatalf("dry run: %s %+v", counts(dry), dry.Preview)
		}
		if after := countRows(t, d); after != before {
			t.Fatalf("the dry run wrote: %v → %v", before, after)
		}
		if rep := importText(t, f, handCSV, false); counts(rep) != "rows=2 created=2 updated=0 unchanged=0 errors=0 committed=true" {
			t.Fatalf("first import: %s %+v", counts(rep), rep.Errors)
		}
		if rep := importText(t, f, handCSV, false); counts(rep) != "rows=2 created=0 updated=0 unchanged=2 errors=0 committed=true" {
			t.Fatalf("second import: %s %+v", counts(rep), rep.Errors)
		}
		list, _, err := f.store.ListOffices(context.Background(), network.OfficeFilter{Search: "Celle"}, network.Page{})
		if err != nil || len(list) != 1 || list[0].DistrictName == "" || !list[0].StepFree || list[0].Status != network.Active {
			t.Fatalf("imported office: %+v %v", list, err)
		}
	})
}

func TestImportSemicolonFile(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		text := "\ufeffexternal_id;name;organisation;postcode;city;hours\r\n" +
			"S-1;\"Beratung \"\"Mitte\"\"; Hannover\";Caritas Hannover;30169;Hannover;Mo 09:00-12:00,13:00-16:00\r\n" +
			";;;;;\r\n" +
			"S-2;MBE Göttingen;Caritas Hannover;37073;Göttingen;\r\n"
		rep := importText(t, f, text, false)
		if counts(rep) != "rows=2 created=2 updated=0 unchanged=0 errors=0 committed=true" {
			t.Fatalf("semicolon file: %s %+v", counts(rep), rep.Errors)
		}
		if rep.Preview[0].Name != `Beratung "Mitte"; Hannover` || rep.Preview[1].Line != 4 {
			t.Fatalf("preview: %+v", rep.Preview)
		}
	})
}

func TestImportBadInputWritesNothing(t *testing.T) {
	const header = "external_id,name,organisation,postcode,city,hours,programs,step_free,lat,lon\n"
	const good = "G-1,MBE Celle,Caritas Hannover,29221,Celle,Mo 09:00-12:00,mbe,ja,,\n"
	row := func(postcode, hours string) string {
		return "B-1,Beratung,Caritas Hannover," + postcode + ",Ort," + hours + ",mbe,nein,,\n"
	}
	tests := []struct {
		name  string
		text  string
		line  int
		field string
		key   string
	}{
		{"unknown postcode", header + good + row("00000", ""), 3, "postcode", "network.postcode_unknown"},
		{"postcode outside Lower Saxony", header + good + row("28195", ""), 3, "postcode", "network.postcode_outside"},
		{"inverted hours", header + good + row("30169", "Mo 12:00-09:00"), 3, "hours", "hours.inverted"},
		{"overlapping hours", header + good + row("30169", `"Mo 09:00-12:00,11:00-13:00"`), 3, "hours", "hours.overlap"},
		{"duplicate external id", header + good + strings.Replace(good, "MBE Celle", "Andere", 1), 3, "external_id", "import.duplicate_in_file"},
		{"empty external id", header + good + "," + strings.SplitN(good, ",", 2)[1], 3, "external_id", "validation.required"},
		{"unknown column", strings.Replace(header, "city", "stadt", 1) + good, 1, "", "import.columns"},
		{"missing column", strings.Replace(header, "organisation,", "", 1) + strings.Replace(good, "Caritas Hannover,", "", 1), 1, "", "import.columns"},
		{"Windows-1252 file", header + good + "B-2,Beratung L\xfcneburg,Caritas Hannover,21335,L\xfcneburg,,,,,\n", 3, "", "import.encoding"},
		{"unknown organisation", header + strings.Replace(good, "Caritas Hannover", "Unbekannt e.V.", 1), 2, "organisation", "import.organisation_unknown"},
		{"bad flag", header + strings.Replace(good, ",ja,", ",vielleicht,", 1), 2, "step_free", "import.boolean"},
		{"unknown program", header + strings.Replace(good, ",mbe,", ",xyz,", 1), 2, "programs", "import.unknown_code"},
		{"one coordinate", header + strings.Replace(good, ",,\n", ",52.6,\n", 1), 2, "lat", "import.coordinates_pair"},
		{"wrong number of cells", header + good + "B-3,Zu kurz\n", 3, "", "import.field_count"},
		{"broken quotes", header + good + "B-4,\"Offen,Caritas Hannover,29221,Celle,,,,,\n", 3, "", "import.csv_syntax"},
		{"empty file", "", 1, "", "import.empty"},
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := countRows(t, d)
				for _, dry := range []bool{true, false} {
					rep := importText(t, f, tt.text, dry)
					if rep.Committed || len(rep.Errors) == 0 {
						t.Fatalf("dry=%v: accepted: %s", dry, counts(rep))
					}
					e := rep.Errors[0]
					if e.Line != tt.line || e.Field != tt.field || e.Key != tt.key {
						t.Fatalf("dry=%v: want line %d %q %s, got %+v", dry, tt.line, tt.field, tt.key, rep.Errors)
					}
				}
				if after := countRows(t, d); after != before {
					t.Fatalf("rows changed: %v → %v", before, after)
				}
			})
		}
	})
}

func TestImportOneBadRowStopsAll(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		var b strings.Builder
		b.WriteString("external_id,name,organisation,postcode,hours\n")
		for i := range 50 {
			if i == 37 {
				b.WriteString("BAD,Schlecht,Caritas Hannover,28195,\n")
			}
			fmt.Fprintf(&b, "N-%02d,Beratung %d,Caritas Hannover,30169,Mo 09:00-12:00\n", i, i)
		}
		before := countRows(t, d)
		rep := importText(t, f, b.String(), false)
		if rep.Committed || rep.Rows != 51 || len(rep.Errors) != 1 || rep.Errors[0].Line != 39 || rep.Errors[0].Field != "postcode" {
			t.Fatalf("%s %+v", counts(rep), rep.Errors)
		}
		if after := countRows(t, d); after != before {
			t.Fatalf("rows changed: %v → %v", before, after)
		}
	})
}

func TestImportPositionFollowsPostcode(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		seedThree(t, f)
		moved := editCSV(t, exportCSV(t, f.store), "MBE-1", "postcode", "37073")
		if rep := importText(t, f, moved, false); rep.Updated != 1 || !rep.Committed {
			t.Fatalf("%s %+v", counts(rep), rep.Errors)
		}
		list, _, err := f.store.ListOffices(context.Background(), network.OfficeFilter{Search: "MBE Hannover-Mitte"}, network.Page{})
		if err != nil || len(list) != 1 || list[0].DistrictAGS != "03159" || list[0].Lat > 52 {
			t.Fatalf("office did not move to Göttingen: %+v %v", list, err)
		}
	})
}

func TestImportOnlyMinistry(t *testing.T) {
	f := setup(t, dbtest.SQLite(t))
	rc := f.editorAs(t, perm.RegionCoordinator, perm.Region, "hannover")
	_, err := f.store.ImportOffices(context.Background(), rc, strings.NewReader(handCSV), f.geo, true)
	if !errors.Is(err, network.ErrImportNotAllowed) {
		t.Fatalf("a region coordinator imported: %v", err)
	}
}

func FuzzImportOffices(f *testing.F) {
	f.Add(handCSV)
	f.Add("external_id;name;organisation;postcode\n;\"x\n")
	fx := setupFuzz(f)
	f.Fuzz(func(t *testing.T, text string) {
		rep, err := fx.store.ImportOffices(context.Background(), ministry, strings.NewReader(text), fx.geo, true)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Committed {
			t.Fatal("a dry run committed")
		}
	})
}

// setupFuzz is setup for a fuzz target: reference data and one organisation.
func setupFuzz(f *testing.F) fixture {
	f.Helper()
	d := dbtest.SQLite(f)
	g, err := geo.Load()
	if err != nil {
		f.Fatal(err)
	}
	s := network.NewStore(d, audit.New(d), clock.System())
	var seeds []network.DistrictSeed
	for _, x := range g.Districts() {
		seeds = append(seeds, network.DistrictSeed{AGS: x.AGS, Name: x.DisplayName(), Kind: x.Kind, Population: x.Population})
	}
	ctx := context.Background()
	if err := s.SeedReference(ctx, seeds); err != nil {
		f.Fatal(err)
	}
	org, err := s.CreateOrganisation(ctx, ministry, network.OrganisationInput{Name: "Caritas Hannover", Kind: network.Provider})
	if err != nil {
		f.Fatal(err)
	}
	return fixture{store: s, geo: g, db: d, org: org}
}

func TestImportHoursErrorNamesDay(t *testing.T) {
	f := setup(t, dbtest.SQLite(t))
	rep := importText(t, f, "external_id,name,organisation,postcode,hours\nX,Y,Caritas Hannover,30169,\"Mo 09:00-12:00; Di 12:00-09:00\"\n", true)
	if len(rep.Errors) != 1 || !slices.Contains(rep.Errors[0].Args, "Di") || !slices.Contains(rep.Errors[0].Args, "From") {
		t.Fatalf("%+v", rep.Errors)
	}
}
