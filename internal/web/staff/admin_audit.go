package staff

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

const auditPerPage = 50

type auditPage struct {
	site.Base
	List    site.List
	Action  string
	Result  string
	Results []string
}

// auditLog lists the audit log newest first, with keyset paging ("older").
func (h *Handler) auditLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := auditPage{Base: h.Base(w, r, "audit.title"), Action: q.Get("action"), Result: q.Get("result"),
		Results: []string{string(audit.ResultSuccess), string(audit.ResultFailure), string(audit.ResultDenied)}}
	if p.Result != "" && p.Result != string(audit.ResultSuccess) && p.Result != string(audit.ResultFailure) && p.Result != string(audit.ResultDenied) {
		p.Result = ""
	}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	f := audit.Filter{ActionPrefix: p.Action, Result: audit.Result(p.Result), BeforeSeq: max(before, 0), Limit: auditPerPage}
	recs, err := h.Audit.List(r.Context(), f)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	f.BeforeSeq = 0
	total, err := h.Audit.Count(r.Context(), f)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.List = auditList(p.Base, recs)
	p.List.Count = p.L.N("audit.count", int(total))
	if len(recs) == auditPerPage {
		p.List.Older = &site.Link{Label: p.T("audit.older"), Href: "/admin/audit?action=" + url.QueryEscape(p.Action) +
			"&result=" + url.QueryEscape(p.Result) + "&before=" + strconv.FormatInt(recs[len(recs)-1].Seq, 10)}
	}
	h.Render(w, r, http.StatusOK, "admin_audit", p)
}

// auditList shows audit rows as a table, newest first.
func auditList(b site.Base, recs []audit.Record) site.List {
	l := site.List{Caption: b.Title, Empty: b.T("audit.empty"), Technical: true, Columns: []site.Column{{Label: "#", Num: true},
		{Label: b.T("audit.time")}, {Label: b.T("audit.actor")}, {Label: b.T("audit.action")}, {Label: b.T("audit.object")},
		{Label: b.T("audit.result")}, {Label: b.T("audit.ip")}}}
	for _, rec := range recs {
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: strconv.FormatInt(rec.Seq, 10)},
			{Text: b.L.DateTime(rec.At)}, {Text: cmp.Or(rec.Actor, "–")}, {Text: rec.Action, Code: true},
			{Text: strings.TrimSpace(rec.ObjectType + " " + rec.ObjectID)}, {Text: b.T("audit.result_" + string(rec.Result))},
			{Text: rec.IP}}})
	}
	return l
}
