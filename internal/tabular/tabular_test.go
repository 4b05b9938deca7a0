package tabular

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var table = Table{Sheet: "Stellen", Header: []string{"postcode", "name", "note"},
	Rows: [][]string{{"01945", "Büro Göttingen", "=HYPERLINK(\"x\")"}, {"30159", "Zweite, \"Stelle\"", "-12"}}}

func TestFormats(t *testing.T) {
	tests := []struct {
		format Format
		check  func(t *testing.T, b []byte)
	}{
		{CSV, func(t *testing.T, b []byte) {
			s := string(b)
			if !strings.HasPrefix(s, "\ufeffpostcode,name,note\n") || !strings.Contains(s, "01945,Büro Göttingen,\"'=HYPERLINK") ||
				!strings.Contains(s, `"Zweite, ""Stelle"""`) || !strings.Contains(s, ",-12\n") {
				t.Errorf("csv: %q", s)
			}
		}},
		{XLSX, func(t *testing.T, b []byte) {
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows("Stellen")
			if err != nil || len(rows) != 3 || rows[1][0] != "01945" || rows[2][1] != `Zweite, "Stelle"` {
				t.Errorf("xlsx rows: %v %v", rows, err)
			}
		}},
		{JSON, func(t *testing.T, b []byte) {
			var out []map[string]string
			if err := json.Unmarshal(b, &out); err != nil || len(out) != 2 || out[0]["postcode"] != "01945" {
				t.Errorf("json: %s %v", b, err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, table); err != nil {
				t.Fatal(err)
			}
			tt.check(t, buf.Bytes())
		})
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("unknown format accepted")
	}
}
