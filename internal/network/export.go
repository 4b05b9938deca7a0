package network

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/tabular"
)

// OfficeColumns is the column set of the office export and of the CSV
// import, so an export re-imports unchanged:
//
//   - organisation is the organisation's external id, or its name when it
//     has none;
//   - hours is the weekly schedule in the compact German form
//     ("Mo 09:00-12:00,13:00-16:00; Di 09:00-12:00"). Exceptions for single
//     dates, "by appointment" and "open on holidays" are not part of the
//     CSV; an import keeps those of an existing office;
//   - languages, programs and topics are codes separated by spaces;
//   - the accessibility flags are "ja"/"nein";
//   - district_ags, district and region are informational: an import always
//     derives the district from the postcode and ignores them;
//   - lat/lon give the position with six decimals (about 10 cm);
//   - appointment_info is the German text, appointment_info_<lang> its
//     translation into each of TextLanguages (empty: none).
var OfficeColumns = slices.Concat([]string{"external_id", "name", "organisation", "street", "postcode", "city",
	"district_ags", "district", "region", "lat", "lon", "phone", "email", "website", "hours", "appointment_info"},
	textColumns(), []string{"languages", "programs", "topics", "step_free", "accessible_toilet", "hearing_loop",
		"online_counseling", "status"})

// textColumns are the CSV columns of the translations, one per language.
func textColumns() []string {
	out := make([]string, len(TextLanguages))
	for i, l := range TextLanguages {
		out[i] = textColumn(l)
	}
	return out
}

func textColumn(lang string) string { return "appointment_info_" + lang }

// OfficesSheet names the worksheet of the office export.
const OfficesSheet = "Beratungsstellen"

// OfficesTable lays out offices in OfficeColumns. orgRef maps an
// organisation id to how the import finds it again (external id, else
// name); a missing entry falls back to the organisation's name.
func OfficesTable(offices []Office, orgRef map[string]string) tabular.Table {
	t := tabular.Table{Sheet: OfficesSheet, Header: OfficeColumns, Rows: make([][]string, 0, len(offices))}
	for _, o := range offices {
		t.Rows = append(t.Rows, officeRow(o, orgRef))
	}
	return t
}

func officeRow(o Office, orgRef map[string]string) []string {
	org := orgRef[o.OrganisationID]
	if org == "" {
		org = o.OrganisationName
	}
	texts := make([]string, len(TextLanguages))
	for i, l := range TextLanguages {
		texts[i] = o.Translations[l].AppointmentInfo
	}
	return slices.Concat([]string{o.ExternalID, o.Name, org, o.Street, o.Postcode, o.City, o.DistrictAGS, o.DistrictName,
		o.RegionName, formatCoord(o.Lat), formatCoord(o.Lon), o.Phone, o.Email, o.Website, o.Hours.Weekly.String(),
		o.AppointmentInfo}, texts, []string{strings.Join(o.Languages, " "), strings.Join(o.Programs, " "),
		strings.Join(o.Topics, " "), yesNo(o.StepFree), yesNo(o.AccessibleToilet), yesNo(o.HearingLoop),
		yesNo(o.OnlineCounseling), string(o.Status)})
}

func formatCoord(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nein"
}

// OfficesTable exports every office matching f (see OfficeColumns).
func (s *Store) OfficesTable(ctx context.Context, f OfficeFilter) (tabular.Table, error) {
	refs, err := s.orgRefs(ctx)
	if err != nil {
		return tabular.Table{}, err
	}
	var offices []Office
	if err := s.EachOffice(ctx, f, func(o Office) error { offices = append(offices, o); return nil }); err != nil {
		return tabular.Table{}, err
	}
	return OfficesTable(offices, refs), nil
}

// orgRefs maps every organisation id to its external id, else its name.
func (s *Store) orgRefs(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.Query(ctx, "SELECT id, COALESCE(external_id, ''), name FROM organisations")
	if err != nil {
		return nil, fmt.Errorf("network: organisations: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, ext, name string
		if err := rows.Scan(&id, &ext, &name); err != nil {
			return nil, fmt.Errorf("network: organisations: %w", err)
		}
		out[id] = name
		if ext != "" {
			out[id] = ext
		}
	}
	return out, rows.Err()
}

// OrganisationColumns is the header of the organisation export.
var OrganisationColumns = []string{"external_id", "name", "kind", "authority", "parent", "region", "district_ags",
	"email", "phone", "website", "offices"}

// OrganisationsTable exports every organisation matching f.
func (s *Store) OrganisationsTable(ctx context.Context, f OrgFilter) (tabular.Table, error) {
	t := tabular.Table{Sheet: "Organisationen", Header: OrganisationColumns, Rows: [][]string{}}
	for offset := 0; ; offset += 500 {
		page, _, err := s.ListOrganisations(ctx, f, Page{Offset: offset, Limit: 500})
		if err != nil {
			return tabular.Table{}, err
		}
		for _, o := range page {
			t.Rows = append(t.Rows, []string{o.ExternalID, o.Name, string(o.Kind), o.Authority, o.ParentName, o.RegionName,
				o.DistrictAGS, o.Email, o.Phone, o.Website, strconv.Itoa(o.OfficeCount)})
		}
		if len(page) < 500 {
			return t, nil
		}
	}
}

// PostColumns is the header of the funded-post export.
var PostColumns = []string{"organisation", "office", "program", "region", "fte", "funder", "starts_on", "ends_on"}

// PostsTable exports every funded post matching f; fte is a decimal
// ("0.75") and the dates are ISO (2026-01-31).
func (s *Store) PostsTable(ctx context.Context, f PostFilter) (tabular.Table, error) {
	t := tabular.Table{Sheet: "Stellen", Header: PostColumns, Rows: [][]string{}}
	for offset := 0; ; offset += 500 {
		page, _, _, err := s.ListPosts(ctx, f, Page{Offset: offset, Limit: 500})
		if err != nil {
			return tabular.Table{}, err
		}
		for _, p := range page {
			t.Rows = append(t.Rows, []string{p.OrganisationName, p.OfficeName, p.ProgramID, p.RegionName, FTE(p.FTEHundredths),
				p.Funder, p.StartsOn.Format(time.DateOnly), p.EndsOn.Format(time.DateOnly)})
		}
		if len(page) < 500 {
			return t, nil
		}
	}
}
