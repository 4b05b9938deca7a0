package app_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// storage is the --data/--db flags of one engine.
type storage []string

func engines(t *testing.T, fn func(t *testing.T, flags storage)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, storage{"--data", t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) { fn(t, storage{"--data", t.TempDir(), "--db", dbtest.PostgresURL(t)}) })
}

// seedOffices opens the storage and adds an organisation and two offices.
func seedOffices(t *testing.T, flags storage) {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir, cfg.PasswordCost = flags[1], config.CostTest
	if len(flags) > 2 {
		cfg.DatabaseURL = flags[3]
	}
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ed := network.EditorOf(auth.SystemPrincipal("test"))
	org, err := a.Network.CreateOrganisation(ctx, ed, network.OrganisationInput{ExternalID: "CAR-H", Name: "Caritas Hannover", Kind: network.Provider})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := hours.ParseWeekly("Mo 09:00-12:00; Do 14:00-18:00")
	for _, o := range []struct{ ext, name, postcode string }{{"MBE-H", "MBE Hannover-Mitte", "30169"}, {"JMD-GÖ", "JMD Göttingen", "37073"}} {
		in := network.OfficeInput{ExternalID: o.ext, OrganisationID: org.ID, Name: o.name, Postcode: o.postcode,
			Hours: hours.Schedule{Weekly: w}, Programs: []string{"mbe"}, Languages: []string{"ar"}}
		if _, err := a.Network.CreateOffice(ctx, ed, in, a.Geo); err != nil {
			t.Fatal(err)
		}
	}
}

func runWith(flags storage, args ...string) (int, string, string) {
	return run(append(args, flags...)...)
}

func TestExportOffices(t *testing.T) {
	engines(t, func(t *testing.T, flags storage) {
		seedOffices(t, flags)
		code, out, errOut := runWith(flags, "export", "offices", "--format", "csv")
		if code != 0 {
			t.Fatalf("export csv: %d %s", code, errOut)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
		if err != nil || len(recs) != 3 || !slices.Equal(recs[0], network.OfficeColumns) {
			t.Fatalf("csv: %v %v", recs, err)
		}
		col := func(name string) int { return slices.Index(recs[0], name) }
		if recs[1][col("name")] != "JMD Göttingen" || recs[1][col("district")] != "Landkreis Göttingen" ||
			recs[1][col("region")] == "" || recs[2][col("organisation")] != "CAR-H" || recs[2][col("district_ags")] != "03241" {
			t.Fatalf("rows: %v", recs[1:])
		}

		code, out, errOut = runWith(flags, "export", "offices", "--format", "xlsx")
		if code != 0 {
			t.Fatalf("export xlsx: %d %s", code, errOut)
		}
		x, err := excelize.OpenReader(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, err := x.GetRows(network.OfficesSheet)
		if err != nil || len(rows) != 3 || rows[2][col("postcode")] != "30169" {
			t.Fatalf("xlsx: %v %v", rows, err)
		}

		code, out, errOut = runWith(flags, "export", "offices", "--format", "json")
		var objs []map[string]string
		if code != 0 || json.Unmarshal([]byte(out), &objs) != nil || len(objs) != 2 || objs[0]["region"] == "" {
			t.Fatalf("export json: %d %s %s", code, out, errOut)
		}
		for _, subject := range []string{"organisations", "posts"} {
			if code, out, errOut := runWith(flags, "export", subject, "--format", "json"); code != 0 || !strings.HasPrefix(out, "[") {
				t.Fatalf("export %s: %d %s %s", subject, code, out, errOut)
			}
		}
	})
}

func TestImportOfficesCommand(t *testing.T) {
	engines(t, func(t *testing.T, flags storage) {
		seedOffices(t, flags)
		dir := t.TempDir()
		write := func(name, text string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		good := write("good.csv", "external_id;name;organisation;postcode;hours\n"+
			"MBE-H;MBE Hannover-Mitte (neu);CAR-H;30169;Mo 09:00-12:00\nNEU-1;Beratung Celle;Caritas Hannover;29221;\n")
		bad := write("bad.csv", "external_id,name,organisation,postcode,hours\n"+
			"NEU-2,Beratung Oldenburg,CAR-H,26122,\nNEU-3,Beratung Bremen,CAR-H,28195,\"Mo 12:00-09:00\"\n")

		code, out, errOut := runWith(flags, "import", "offices", good, "--dry-run")
		if code != 0 || !strings.Contains(out, "dry run") || !strings.Contains(out, "line 3: create NEU-1") || !strings.Contains(out, "line 2: update MBE-H") {
			t.Fatalf("dry run: %d %s %s", code, out, errOut)
		}
		code, out, errOut = runWith(flags, "import", "offices", bad, "--dry-run")
		if code != 1 || !strings.Contains(errOut, "line 3: postcode: Diese Postleitzahl liegt nicht in Niedersachsen.") ||
			!strings.Contains(errOut, "line 3: hours: Mo: Das Ende (09:00) liegt nicht nach dem Beginn (12:00).") {
			t.Fatalf("bad file: %d %s %s", code, out, errOut)
		}
		if code, _, errOut := runWith(flags, "import", "offices", bad); code != 1 || !strings.Contains(errOut, "nothing was imported") {
			t.Fatalf("bad file, for real: %d %s", code, errOut)
		}
		for _, args := range [][]string{{"import"}, {"import", "offices"}, {"import", "regions", good},
			{"import", "offices", filepath.Join(dir, "missing.csv")}, {"export"}, {"export", "nope"}, {"export", "offices", "--format", "pdf"}} {
			if code, _, _ := runWith(flags, args...); code != 2 {
				t.Errorf("%v: exit %d, want 2", args, code)
			}
		}
		if code, out, errOut := runWith(flags, "import", "offices", good); code != 0 || !strings.Contains(out, "1 created, 1 updated") {
			t.Fatalf("import: %d %s %s", code, out, errOut)
		}
		_, out, _ = runWith(flags, "export", "offices")
		if !strings.Contains(out, "MBE Hannover-Mitte (neu)") || !strings.Contains(out, "Beratung Celle") || strings.Contains(out, "Oldenburg") {
			t.Fatalf("after import:\n%s", out)
		}
		if code, out, _ := runWith(flags, "import", "offices", good); code != 0 || !strings.Contains(out, "0 created, 0 updated, 2 unchanged") {
			t.Fatalf("second import: %d %s", code, out)
		}
	})
}
