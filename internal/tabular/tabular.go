// Package tabular writes a table as CSV, XLSX or JSON, so every list of the
// platform can be exported in the format its reader works with: CSV for
// other systems, XLSX for spreadsheets, JSON for scripts.
package tabular

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Format is an export format.
type Format string

// The formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
	JSON Format = "json"
)

// ErrFormat is returned for an unknown format name.
var ErrFormat = errors.New("tabular: unknown format (use csv, xlsx or json)")

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case CSV, XLSX, JSON:
		return f, nil
	}
	return "", ErrFormat
}

// ContentType is the MIME type of the format.
func (f Format) ContentType() string {
	switch f {
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case JSON:
		return "application/json; charset=utf-8"
	}
	return "text/csv; charset=utf-8"
}

// Table is a header and rows of text cells.
type Table struct {
	// Sheet names the XLSX worksheet.
	Sheet  string
	Header []string
	Rows   [][]string
	// Numeric writes whole numbers as numbers in XLSX (statistics), not
	// as text (which keeps the leading zeros of postcodes and ids).
	Numeric bool
}

// Write writes t in format f.
func Write(w io.Writer, f Format, t Table) error {
	switch f {
	case CSV:
		return writeCSV(w, t)
	case XLSX:
		return writeXLSX(w, t)
	case JSON:
		return writeJSON(w, t)
	}
	return ErrFormat
}

// writeCSV writes RFC 4180 CSV in UTF-8 with a byte-order mark, which
// spreadsheet programs need to show umlauts correctly. Cells starting with
// = + - @ are prefixed with ' so a spreadsheet does not run them as formulas.
func writeCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	for _, r := range t.Rows {
		if err := cw.Write(defuse(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func defuse(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		if c != "" && strings.ContainsRune("=+-@", rune(c[0])) && !isNumber(c) {
			c = "'" + c
		}
		out[i] = c
	}
	return out
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return err == nil
}

func writeXLSX(w io.Writer, t Table) error { return WriteBook(w, []Table{t}) }

// WriteBook writes tables as one XLSX workbook, a worksheet each (named
// by Sheet, which must be unique, at most 31 characters).
func WriteBook(w io.Writer, tables []Table) error {
	x := excelize.NewFile()
	defer x.Close()
	for i, t := range tables {
		sheet := t.Sheet
		if sheet == "" {
			sheet = "Export"
		}
		if i == 0 {
			if err := x.SetSheetName("Sheet1", sheet); err != nil {
				return fmt.Errorf("tabular: %w", err)
			}
		} else if _, err := x.NewSheet(sheet); err != nil {
			return fmt.Errorf("tabular: %w", err)
		}
		if err := writeSheet(x, sheet, t); err != nil {
			return err
		}
	}
	return x.Write(w)
}

func writeSheet(x *excelize.File, sheet string, t Table) error {
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("tabular: %w", err)
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("tabular: %w", err)
	}
	if err := sw.SetRow("A1", cells(t.Header, bold)); err != nil {
		return fmt.Errorf("tabular: %w", err)
	}
	for i, r := range t.Rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row := cells(r, 0)
		if t.Numeric {
			numbers(row)
		}
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("tabular: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("tabular: %w", err)
	}
	return nil
}

// cells keeps every value as text: postcodes and ids must not lose leading zeros.
func cells(row []string, style int) []any {
	out := make([]any, len(row))
	for i, c := range row {
		out[i] = excelize.Cell{Value: c, StyleID: style}
	}
	return out
}

// numbers turns cells holding whole numbers into numbers.
func numbers(row []any) {
	for i, c := range row {
		if cell, ok := c.(excelize.Cell); ok {
			if n, err := strconv.Atoi(cell.Value.(string)); err == nil {
				cell.Value = n
				row[i] = cell
			}
		}
	}
}

func writeJSON(w io.Writer, t Table) error {
	out := make([]map[string]string, len(t.Rows))
	for i, r := range t.Rows {
		m := make(map[string]string, len(t.Header))
		for j, h := range t.Header {
			if j < len(r) {
				m[h] = r[j]
			}
		}
		out[i] = m
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
