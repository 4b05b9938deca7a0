package network

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Limits of one import file.
const (
	MaxImportRows  = 20000
	MaxImportBytes = 10 << 20
)

// requiredImportColumns must be in every import file; the other
// OfficeColumns are optional. A column left out keeps the existing value
// of an updated office (and is empty for a new one).
var requiredImportColumns = []string{"external_id", "name", "organisation", "postcode"}

// ErrImportNotAllowed is returned when anyone but the ministry imports.
var ErrImportNotAllowed = errors.New("network: only the ministry may import offices")

// errRollback ends the import transaction without writing.
var errRollback = errors.New("network: import rolled back")

// RowError is a refused cell, row or file. Line is the line of the file
// (1 = header; 0 = the whole file), Field the CSV column ("" for the whole
// row), Key an i18n message id and Args name/value pairs for it.
type RowError struct {
	Line       int
	Field, Key string
	Args       []any
}

func (e RowError) Error() string { return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Key) }

// ImportAction is what an import does with one row.
type ImportAction string

// The import actions; ActionInvalid marks a row with errors.
const (
	ActionCreate    ImportAction = "create"
	ActionUpdate    ImportAction = "update"
	ActionUnchanged ImportAction = "unchanged"
	ActionInvalid   ImportAction = "invalid"
)

// ImportPreviewRow says what the import does (or would do) with one row.
type ImportPreviewRow struct {
	Line             int
	ExternalID, Name string
	Action           ImportAction
	// Changed lists the columns an update changes.
	Changed []string
}

// ImportReport is the outcome of an import or a dry run. The counts are
// what was written, or in a dry run (or when errors stopped the import)
// what would have been written.
type ImportReport struct {
	Rows, Created, Updated, Unchanged int
	Errors                            []RowError
	DryRun, Committed                 bool
	Preview                           []ImportPreviewRow
}

// importRow is one data row: its line and its cells by column.
type importRow struct {
	line  int
	cells map[string]string
}

// plannedRow is a valid row with what to do with it.
type plannedRow struct {
	line   int
	action ImportAction
	before *Office
	r      resolved
}

// ImportOffices reads offices from CSV (see OfficeColumns) and creates or
// updates them by external id, all in one transaction: when any row has
// an error, nothing is written. With dryRun it only reports what it would
// do. Errors in the file come back in the report; the error result is for
// failures of the system. Only the ministry may import; the route or
// command checks that, and ed is recorded in the audit log.
func (s *Store) ImportOffices(ctx context.Context, ed Editor, r io.Reader, loc Locator, dryRun bool) (ImportReport, error) {
	rep := ImportReport{DryRun: dryRun}
	if !ed.statewide() {
		return rep, ErrImportNotAllowed
	}
	rows, rowErrs, err := readImport(r)
	if err != nil {
		return rep, err
	}
	rep.Rows, rep.Errors = len(rows), rowErrs
	if len(rowErrs) > 0 {
		return rep, nil
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.LockTable(ctx, "offices"); err != nil {
			return err
		}
		plan, err := s.planImport(ctx, tx, rows, loc, &rep)
		if err != nil {
			return err
		}
		if len(rep.Errors) > 0 || dryRun {
			return errRollback
		}
		return s.applyImport(ctx, tx, ed, plan, &rep)
	})
	if errors.Is(err, errRollback) {
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	rep.Committed = true
	return rep, nil
}

// readImport checks size, encoding and columns and splits the file into
// rows. File-level problems come back as RowErrors.
func readImport(r io.Reader) ([]importRow, []RowError, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("network: read import: %w", err)
	}
	if len(data) > MaxImportBytes {
		return nil, []RowError{tooLarge(0)}, nil
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if line := firstBadLine(data); line > 0 {
		return nil, []RowError{{Line: line, Key: "import.encoding"}}, nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []RowError{{Line: 1, Key: "import.empty"}}, nil
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, []RowError{csvError(err, 1)}, nil
	}
	cols, colErr := checkColumns(header)
	if colErr != nil {
		return nil, []RowError{*colErr}, nil
	}
	return readRows(cr, cols)
}

// firstBadLine returns the first line (from 1) that is not UTF-8, or 0.
// Files saved as Windows-1252 ("Excel CSV") fail here at their first umlaut.
func firstBadLine(data []byte) int {
	if utf8.Valid(data) {
		return 0
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) {
			return i + 1
		}
	}
	return 1
}

// separator reads the header line: Excel in Germany writes ";".
func separator(data []byte) rune {
	header, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(header, []byte(";")) > bytes.Count(header, []byte(",")) {
		return ';'
	}
	return ','
}

func tooLarge(line int) RowError {
	return RowError{Line: line, Key: "import.too_large", Args: []any{"MaxRows", MaxImportRows, "MaxMiB", MaxImportBytes >> 20}}
}

func csvError(err error, line int) RowError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line = pe.StartLine
	}
	return RowError{Line: line, Key: "import.csv_syntax"}
}

// checkColumns maps the header to OfficeColumns; it refuses unknown,
// doubled and missing required columns.
func checkColumns(header []string) ([]string, *RowError) {
	cols := make([]string, len(header))
	var unknown, missing []string
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		cols[i] = h
		if !slices.Contains(OfficeColumns, h) || seen[h] {
			unknown = append(unknown, strconv.Quote(h))
		}
		seen[h] = true
	}
	for _, c := range requiredImportColumns {
		if !seen[c] {
			missing = append(missing, c)
		}
	}
	if len(unknown) == 0 && len(missing) == 0 {
		return cols, nil
	}
	return nil, &RowError{Line: 1, Key: "import.columns", Args: []any{"Missing", listOrDash(missing),
		"Unknown", listOrDash(unknown), "Expected", strings.Join(OfficeColumns, ", ")}}
}

func listOrDash(s []string) string {
	if len(s) == 0 {
		return "–"
	}
	return strings.Join(s, ", ")
}

// readRows reads the data rows. Blank rows (Excel writes ";;;;") are
// skipped; an external id must be given and unique within the file.
func readRows(cr *csv.Reader, cols []string) ([]importRow, []RowError, error) {
	var rows []importRow
	var errs []RowError
	firstLine := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, errs, nil
		}
		if err != nil {
			return nil, append(errs, csvError(err, 0)), nil
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rows) == MaxImportRows {
			return nil, []RowError{tooLarge(line)}, nil
		}
		if len(rec) != len(cols) {
			errs = append(errs, RowError{Line: line, Key: "import.field_count", Args: []any{"Want", len(cols), "Got", len(rec)}})
			continue
		}
		row := importRow{line: line, cells: make(map[string]string, len(cols))}
		for i, c := range cols {
			row.cells[c] = cleanCell(rec[i])
		}
		ext := row.cells["external_id"]
		switch first, dup := firstLine[ext]; {
		case ext == "":
			errs = append(errs, RowError{Line: line, Field: "external_id", Key: "validation.required"})
		case dup:
			errs = append(errs, RowError{Line: line, Field: "external_id", Key: "import.duplicate_in_file", Args: []any{"Line", first}})
		default:
			firstLine[ext] = line
		}
		rows = append(rows, row)
	}
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cleanCell trims a cell and undoes the ' the export puts before cells
// starting with = + - @ (so spreadsheets do not run them as formulas).
func cleanCell(v string) string {
	v = strings.TrimSpace(v)
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@", rune(v[1])) {
		v = v[1:]
	}
	return v
}

// importRefs is what rows are checked against, read once per import.
type importRefs struct {
	orgByExt  map[string]string
	orgByName map[string][]string
	known     Known
	existing  map[string]string // office external id → id
	programs  []string
	topics    []string
}

func loadImportRefs(ctx context.Context, tx *db.Tx) (importRefs, error) {
	refs := importRefs{orgByExt: map[string]string{}, orgByName: map[string][]string{}, existing: map[string]string{},
		known: Known{orgs: map[string]bool{}, programs: map[string]bool{}, topics: map[string]bool{}}}
	err := eachPair(ctx, tx, "SELECT id, COALESCE(external_id, ''), name FROM organisations", func(v []string) {
		refs.known.orgs[v[0]] = true
		if v[1] != "" {
			refs.orgByExt[v[1]] = v[0]
		}
		refs.orgByName[v[2]] = append(refs.orgByName[v[2]], v[0])
	})
	if err == nil {
		err = eachPair(ctx, tx, "SELECT id, external_id FROM offices WHERE external_id IS NOT NULL", func(v []string) { refs.existing[v[1]] = v[0] })
	}
	if err == nil {
		err = idSet(ctx, tx, "SELECT id FROM programs", refs.known.programs)
	}
	if err == nil {
		err = idSet(ctx, tx, "SELECT id FROM topics", refs.known.topics)
	}
	refs.programs, refs.topics = sortedKeys(refs.known.programs), sortedKeys(refs.known.topics)
	return refs, err
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// eachPair runs a query of text columns and calls fn per row.
func eachPair(ctx context.Context, q db.Querier, query string, fn func([]string)) error {
	rows, err := q.Query(ctx, query)
	if err != nil {
		return fmt.Errorf("network: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("network: %w", err)
	}
	for rows.Next() {
		v := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range v {
			ptrs[i] = &v[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("network: %w", err)
		}
		fn(v)
	}
	return rows.Err()
}

// planImport validates every row against the database as it is inside the
// transaction and decides create, update or unchanged.
func (s *Store) planImport(ctx context.Context, tx *db.Tx, rows []importRow, loc Locator, rep *ImportReport) ([]plannedRow, error) {
	refs, err := loadImportRefs(ctx, tx)
	if err != nil {
		return nil, err
	}
	plan := make([]plannedRow, 0, len(rows))
	for _, row := range rows {
		p, errs, err := planRow(ctx, tx, refs, row, loc)
		if err != nil {
			return nil, err
		}
		preview := ImportPreviewRow{Line: row.line, ExternalID: row.cells["external_id"], Name: row.cells["name"], Action: p.action}
		if p.action == ActionUpdate {
			preview.Changed = changedColumns(p.before, p.r)
		}
		rep.Preview = append(rep.Preview, preview)
		rep.Errors = append(rep.Errors, errs...)
		switch p.action {
		case ActionCreate:
			rep.Created++
		case ActionUpdate:
			rep.Updated++
		case ActionUnchanged:
			rep.Unchanged++
		}
		plan = append(plan, p)
	}
	return plan, nil
}

func planRow(ctx context.Context, tx *db.Tx, refs importRefs, row importRow, loc Locator) (plannedRow, []RowError, error) {
	p := plannedRow{line: row.line}
	if id, ok := refs.existing[row.cells["external_id"]]; ok {
		var err error
		if p.before, err = officeByID(ctx, tx, id); err != nil {
			return p, nil, err
		}
	}
	in, errs := buildInput(row, p.before, refs)
	in.Normalize()
	r, err := in.validate(loc, refs.known)
	var problems valid.Errors
	if err != nil && !errors.As(err, &problems) {
		return p, nil, err
	}
	errs = appendProblems(errs, row.line, problems, refs)
	p.r = r
	switch {
	case len(errs) > 0:
		p.action = ActionInvalid
	case p.before == nil:
		p.action = ActionCreate
	case len(changedColumns(p.before, r)) > 0:
		p.action = ActionUpdate
	default:
		p.action = ActionUnchanged
	}
	return p, errs, nil
}

// appendProblems turns validation problems into RowErrors named by CSV
// column, skipping columns that already have a (more precise) error.
func appendProblems(errs []RowError, line int, problems valid.Errors, refs importRefs) []RowError {
	has := map[string]bool{}
	for _, e := range errs {
		has[e.Field] = true
	}
	for _, p := range problems {
		field := importField(p.Field)
		if has[field] {
			continue
		}
		key, args := p.Key, p.Args
		if key == "validation.choice" {
			if allowed := allowedValues(field, refs); allowed != "" {
				key, args = "import.unknown_code", []any{"Allowed", allowed}
			}
		}
		errs = append(errs, RowError{Line: line, Field: field, Key: key, Args: args})
		has[field] = true
	}
	return errs
}

func importField(field string) string {
	switch {
	case field == "organisation_id":
		return "organisation"
	case strings.HasPrefix(field, "hours."):
		return "hours"
	case strings.HasPrefix(field, "appointment_info."):
		return textColumn(strings.TrimPrefix(field, "appointment_info."))
	}
	return field
}

func allowedValues(field string, refs importRefs) string {
	switch field {
	case "programs":
		return strings.Join(refs.programs, ", ")
	case "topics":
		return strings.Join(refs.topics, ", ")
	case "status":
		return strings.Join([]string{string(Active), string(TemporarilyClosed), string(Closed)}, ", ")
	}
	return ""
}

// buildInput starts from the existing office (so left-out columns keep
// their values) and applies the row's cells.
func buildInput(row importRow, before *Office, refs importRefs) (OfficeInput, []RowError) {
	in := OfficeInput{}
	if before != nil {
		in = inputFromOffice(before)
	}
	var errs []RowError
	fail := func(field, key string, args ...any) {
		errs = append(errs, RowError{Line: row.line, Field: field, Key: key, Args: args})
	}
	texts := map[string]*string{"external_id": &in.ExternalID, "name": &in.Name, "street": &in.Street, "postcode": &in.Postcode,
		"city": &in.City, "phone": &in.Phone, "email": &in.Email, "website": &in.Website, "appointment_info": &in.AppointmentInfo}
	for col, dst := range texts {
		if v, ok := row.cells[col]; ok {
			*dst = v
		}
	}
	importTexts(&in, row)
	if v, ok := row.cells["organisation"]; ok {
		in.OrganisationID = resolveOrg(v, refs, fail)
	}
	if v, ok := row.cells["hours"]; ok {
		w, err := hours.ParseWeekly(v)
		if err != nil {
			fail("hours", hoursErrorKey(err), hoursErrorArgs(err, v)...)
		}
		in.Hours.Weekly = w
	}
	lists := map[string]*[]string{"languages": &in.Languages, "programs": &in.Programs, "topics": &in.Topics}
	for col, dst := range lists {
		if v, ok := row.cells[col]; ok {
			*dst = splitCodes(v)
		}
	}
	flags := map[string]*bool{"step_free": &in.StepFree, "accessible_toilet": &in.AccessibleToilet,
		"hearing_loop": &in.HearingLoop, "online_counseling": &in.OnlineCounseling}
	for col, dst := range flags {
		if v, ok := row.cells[col]; ok {
			b, good := parseBool(v)
			if !good {
				fail(col, "import.boolean", "Value", v)
			}
			*dst = b
		}
	}
	if v, ok := row.cells["status"]; ok {
		in.Status = OfficeStatus(strings.ToLower(v))
	}
	importPosition(&in, row, before, fail)
	return in, errs
}

// importTexts applies the translation columns the file has; a column left
// out keeps the office's translation in that language.
func importTexts(in *OfficeInput, row importRow) {
	for _, l := range TextLanguages {
		v, ok := row.cells[textColumn(l)]
		if !ok {
			continue
		}
		if in.Translations == nil {
			in.Translations = map[string]OfficeText{}
		}
		in.Translations[l] = OfficeText{AppointmentInfo: v}
	}
}

// inputFromOffice is the input that would save o unchanged.
func inputFromOffice(o *Office) OfficeInput {
	lat, lon := o.Lat, o.Lon
	return OfficeInput{ExternalID: o.ExternalID, OrganisationID: o.OrganisationID, Name: o.Name, Street: o.Street,
		Postcode: o.Postcode, City: o.City, Lat: &lat, Lon: &lon, Phone: o.Phone, Email: o.Email, Website: o.Website,
		Hours: o.Hours.Clone(), AppointmentInfo: o.AppointmentInfo, Translations: maps.Clone(o.Translations), StepFree: o.StepFree, AccessibleToilet: o.AccessibleToilet,
		HearingLoop: o.HearingLoop, OnlineCounseling: o.OnlineCounseling, Status: o.Status,
		Languages: slices.Clone(o.Languages), Programs: slices.Clone(o.Programs), Topics: slices.Clone(o.Topics)}
}

func resolveOrg(v string, refs importRefs, fail func(field, key string, args ...any)) string {
	if id, ok := refs.orgByExt[v]; ok {
		return id
	}
	switch ids := refs.orgByName[v]; {
	case v == "":
		fail("organisation", "validation.required")
	case len(ids) == 1:
		return ids[0]
	case len(ids) > 1:
		fail("organisation", "import.organisation_ambiguous", "Value", v)
	default:
		fail("organisation", "import.organisation_unknown", "Value", v)
	}
	return ""
}

// importPosition applies lat/lon: both given = a precise position, both
// empty = the postcode's centroid. A position left as exported while the
// postcode changed is dropped, so the office moves with its postcode.
func importPosition(in *OfficeInput, row importRow, before *Office, fail func(field, key string, args ...any)) {
	latS, hasLat := row.cells["lat"]
	lonS, hasLon := row.cells["lon"]
	if hasLat || hasLon {
		switch {
		case latS == "" && lonS == "":
			in.Lat, in.Lon = nil, nil
		case latS == "" || lonS == "":
			fail("lat", "import.coordinates_pair")
		default:
			lat, ok1 := parseCoord(latS)
			lon, ok2 := parseCoord(lonS)
			if !ok1 {
				fail("lat", "validation.number")
			}
			if !ok2 {
				fail("lon", "validation.number")
			}
			in.Lat, in.Lon = &lat, &lon
		}
	}
	if before == nil || in.Lat == nil || in.Lon == nil || !sameCoord(*in.Lat, before.Lat) || !sameCoord(*in.Lon, before.Lon) {
		return
	}
	if strings.TrimSpace(in.Postcode) != before.Postcode {
		in.Lat, in.Lon = nil, nil
		return
	}
	// Keep the stored position exactly rather than its six-decimal export.
	lat, lon := before.Lat, before.Lon
	in.Lat, in.Lon = &lat, &lon
}

func parseCoord(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

// sameCoord compares coordinates at the six decimals of the export.
func sameCoord(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func hoursErrorKey(err error) string {
	var pe *hours.ParseError
	if errors.As(err, &pe) {
		return pe.Key
	}
	return "hours.parse_day"
}

// hoursErrorArgs adds the day to a parse error (the catalog's hours
// messages name it), found by parsing the segments one by one.
func hoursErrorArgs(err error, text string) []any {
	var pe *hours.ParseError
	if !errors.As(err, &pe) {
		return []any{"Text", text, "Day", ""}
	}
	args := slices.Clone(pe.Args)
	for seg := range strings.FieldsFuncSeq(text, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
		if _, err := hours.ParseWeekly(seg); err != nil {
			day, _, _ := strings.Cut(strings.TrimSpace(seg), " ")
			return append(args, "Day", day, "Text", strings.TrimSpace(seg))
		}
	}
	return append(args, "Day", "")
}

func splitCodes(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' })
}

// parseBool reads ja/nein, yes/no, true/false, 1/0, x and empty (= no).
func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "ja", "yes", "true", "1", "x", "wahr", "j", "y":
		return true, true
	case "nein", "no", "false", "0", "", "falsch", "n":
		return false, true
	}
	return false, false
}

// changedColumns lists the CSV columns in which r differs from o.
func changedColumns(o *Office, r resolved) []string {
	h1, _ := o.Hours.Encode()
	h2, _ := r.Hours.Encode()
	sorted := func(s []string) string { c := slices.Clone(s); slices.Sort(c); return strings.Join(c, " ") }
	pairs := []struct {
		col  string
		a, b string
	}{
		{"external_id", o.ExternalID, r.ExternalID}, {"name", o.Name, r.Name}, {"organisation", o.OrganisationID, r.OrganisationID},
		{"street", o.Street, r.Street}, {"postcode", o.Postcode, r.Postcode}, {"city", o.City, r.City},
		{"district_ags", o.DistrictAGS, r.DistrictAGS}, {"phone", o.Phone, r.Phone}, {"email", o.Email, r.Email},
		{"website", o.Website, r.Website}, {"hours", h1, h2}, {"appointment_info", o.AppointmentInfo, r.AppointmentInfo},
		{"languages", sorted(o.Languages), sorted(r.Languages)}, {"programs", sorted(o.Programs), sorted(r.Programs)},
		{"topics", sorted(o.Topics), sorted(r.Topics)}, {"step_free", yesNo(o.StepFree), yesNo(r.StepFree)},
		{"accessible_toilet", yesNo(o.AccessibleToilet), yesNo(r.AccessibleToilet)},
		{"hearing_loop", yesNo(o.HearingLoop), yesNo(r.HearingLoop)},
		{"online_counseling", yesNo(o.OnlineCounseling), yesNo(r.OnlineCounseling)}, {"status", string(o.Status), string(r.Status)},
	}
	var out []string
	for _, p := range pairs {
		if p.a != p.b {
			out = append(out, p.col)
		}
	}
	for _, l := range TextLanguages {
		if o.Translations[l].AppointmentInfo != r.Translations[l].AppointmentInfo {
			out = append(out, textColumn(l))
		}
	}
	if !sameCoord(o.Lat, r.Lat) {
		out = append(out, "lat")
	}
	if !sameCoord(o.Lon, r.Lon) {
		out = append(out, "lon")
	}
	return out
}

// applyImport writes the planned rows and audits each change and the
// import as a whole.
func (s *Store) applyImport(ctx context.Context, tx *db.Tx, ed Editor, plan []plannedRow, rep *ImportReport) error {
	now := s.now()
	for _, p := range plan {
		var err error
		switch p.action {
		case ActionCreate:
			err = s.importCreate(ctx, tx, ed, p, now)
		case ActionUpdate:
			err = s.importUpdate(ctx, tx, ed, p)
		}
		var problems valid.Errors
		if errors.As(err, &problems) {
			// A concurrent writer took an external id: refuse the whole file.
			for _, pr := range problems {
				rep.Errors = append(rep.Errors, RowError{Line: p.line, Field: importField(pr.Field), Key: pr.Key, Args: pr.Args})
			}
			return errRollback
		}
		if err != nil {
			return err
		}
	}
	return s.record(ctx, tx, ed, "office.import", "office", "", map[string]string{"rows": strconv.Itoa(rep.Rows),
		"created": strconv.Itoa(rep.Created), "updated": strconv.Itoa(rep.Updated), "unchanged": strconv.Itoa(rep.Unchanged)})
}

func (s *Store) importCreate(ctx context.Context, tx *db.Tx, ed Editor, p plannedRow, now time.Time) error {
	id := uuid.Must(uuid.NewV7()).String()
	if err := insertOffice(ctx, tx, id, p.r, now); err != nil {
		return err
	}
	o, err := officeByID(ctx, tx, id)
	if err != nil {
		return err
	}
	return s.record(ctx, tx, ed, "office.import_create", "office", id, diff(nil, officeFields(o)))
}

func (s *Store) importUpdate(ctx context.Context, tx *db.Tx, ed Editor, p plannedRow) error {
	if err := updateOffice(ctx, tx, p.before.ID, p.r, s.stamp(p.before.UpdatedAt)); err != nil {
		return err
	}
	o, err := officeByID(ctx, tx, p.before.ID)
	if err != nil {
		return err
	}
	return s.record(ctx, tx, ed, "office.import_update", "office", o.ID, diff(officeFields(p.before), officeFields(o)))
}
