package staff

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/pdfdoc"
	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
	"github.com/kmn-niedersachsen/kmn/internal/web/statsview"
)

// statsExportDepth: exports reach down to the offices below the unit.
const statsExportDepth = 3

// statisticsExport sends every breakdown of the unit and the units below
// it: CSV as one long table, XLSX a worksheet per breakdown and a legend.
func (h *Handler) statisticsExport(w http.ResponseWriter, r *http.Request) {
	format, err := tabular.ParseFormat(r.URL.Query().Get("format"))
	if err != nil || format == tabular.JSON {
		h.Fail(w, r, http.StatusBadRequest, "error.export_format")
		return
	}
	req, ok := h.statsForExport(w, r)
	if !ok {
		return
	}
	b := h.Base(w, r, "stats.title")
	n, err := h.statsNamer(r, b)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	e := statsview.Export{Snap: req.Snap, Unit: req.Unit, Depth: statsExportDepth}
	var buf bytes.Buffer
	if format == tabular.CSV {
		err = tabular.Write(&buf, format, n.Long(e))
	} else {
		err = tabular.WriteBook(&buf, n.Sheets(e))
	}
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.sendStatsFile(w, format.ContentType(), statsFileName(req, string(format)), buf.Bytes())
}

// statsForExport resolves the query of an export: a bad period is 422,
// a viewer without tables 404 (there is nothing of theirs to export).
func (h *Handler) statsForExport(w http.ResponseWriter, r *http.Request) (statsRequest, bool) {
	req, problems, ok := h.resolveStats(w, r)
	if !ok {
		return req, false
	}
	if len(problems) > 0 {
		h.Fail(w, r, http.StatusUnprocessableEntity, problems[0].Key)
		return req, false
	}
	if !req.Tables {
		h.NotFound(w, r)
		return req, false
	}
	return req, true
}

// statisticsReport sends the annual report of the unit as a PDF, in
// German or, with lang=en, in English. Only whole years have one.
func (h *Handler) statisticsReport(w http.ResponseWriter, r *http.Request) {
	req, ok := h.statsForExport(w, r)
	if !ok {
		return
	}
	if req.Period.Kind != stats.Year {
		h.Fail(w, r, http.StatusUnprocessableEntity, "stats.report_year_only")
		return
	}
	lang := "de"
	if r.URL.Query().Get("lang") == "en" {
		lang = "en"
	}
	loc := h.Catalog.Localizer(lang)
	programs, err := h.programNames(r, lang)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	names := map[string]string{}
	for _, p := range programs {
		names[p.Value] = p.Label
	}
	prev, err := h.Stats.Snapshot(r.Context(), req.Period.Previous())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	n := statsview.NamerFor(loc, names)
	rep := statsReport(n, statsview.Export{Snap: req.Snap, Unit: req.Unit}, prev)
	var buf bytes.Buffer
	if err := pdfdoc.WriteStatsReport(&buf, rep, pdfdoc.Lang{Code: lang, T: loc.T}, h.Clock.Now()); err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.sendStatsFile(w, "application/pdf", statsFileName(req, "pdf"), buf.Bytes())
}

func statsFileName(req statsRequest, ext string) string {
	unit := req.Unit.Level.String()
	if req.Unit.ID != "" {
		unit += "-" + req.Unit.ID
	}
	return fmt.Sprintf("kmn-statistik-%s-%s.%s", req.Period.Value(), unit, ext)
}

func (h *Handler) sendStatsFile(w http.ResponseWriter, contentType, name string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}
