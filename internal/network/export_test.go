package network_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
)

func TestOfficesTable(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		seedThree(t, f)
		tbl, err := f.store.OfficesTable(ctx, network.OfficeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if tbl.Sheet != network.OfficesSheet || !slices.Equal(tbl.Header, network.OfficeColumns) || len(tbl.Rows) != 3 {
			t.Fatalf("table: %s %v %d rows", tbl.Sheet, tbl.Header, len(tbl.Rows))
		}
		var b bytes.Buffer
		if err := tabular.Write(&b, tabular.JSON, tbl); err != nil {
			t.Fatal(err)
		}
		var rows []map[string]string
		if err := json.Unmarshal(b.Bytes(), &rows); err != nil {
			t.Fatal(err)
		}
		byID := map[string]map[string]string{}
		for _, r := range rows {
			byID[r["external_id"]] = r
		}
		want := map[string]map[string]string{
			"JMD-1": {"organisation": "ORG-2", "district_ags": "03159", "district": "Landkreis Göttingen", "region": "Südniedersachsen",
				"programs": "jmd", "topics": "", "status": "temporarily_closed", "step_free": "nein"},
			"MBE-1": {"organisation": "Caritas Hannover", "district_ags": "03241", "region": "Hannover",
				"hours": "Mo 09:00-12:00,13:00-16:00; Di 09:00-12:00", "languages": "ar tr uk", "topics": "work housing"},
			"MBE-2": {"lat": "52.380123", "lon": "9.741234", "step_free": "ja", "phone": "+49 511 987654"},
		}
		for ext, cells := range want {
			for col, v := range cells {
				if got := byID[ext][col]; got != v {
					t.Errorf("%s %s = %q, want %q", ext, col, got, v)
				}
			}
		}
	})
}

func TestOrganisationsAndPostsTables(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		o, err := f.store.CreateOffice(ctx, ministry, officeInput(f.org.ID), f.geo)
		if err != nil {
			t.Fatal(err)
		}
		day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
		if _, err := f.store.CreatePost(ctx, ministry, network.PostInput{OrganisationID: f.org.ID, OfficeID: o.ID, ProgramID: "mbe",
			FTEHundredths: 75, Funder: "BAMF", StartsOn: day("2026-01-01"), EndsOn: day("2027-12-31")}); err != nil {
			t.Fatal(err)
		}
		orgs, err := f.store.OrganisationsTable(ctx, network.OrgFilter{})
		if err != nil || len(orgs.Rows) != 1 || !slices.Equal(orgs.Rows[0], []string{"", "Caritas Hannover", "provider", "", "",
			orgs.Rows[0][5], "", "", "", "", "1"}) || orgs.Rows[0][5] == "" {
			t.Fatalf("organisations: %+v %v", orgs.Rows, err)
		}
		posts, err := f.store.PostsTable(ctx, network.PostFilter{})
		if err != nil || len(posts.Rows) != 1 || !slices.Equal(posts.Rows[0], []string{"Caritas Hannover", "MBE Hannover-Mitte", "mbe",
			posts.Rows[0][3], "0.75", "BAMF", "2026-01-01", "2027-12-31"}) {
			t.Fatalf("posts: %+v %v", posts.Rows, err)
		}
	})
}
