package staff

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

const auditPerPage = 50

type auditPage struct {
	site.Base
	Records []audit.Record
	Action  string
	Result  string
	Results []string
	Total   int
	Older   string
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
	p.Total = int(total)
	p.Records = recs
	if len(recs) == auditPerPage {
		p.Older = "/admin/audit?action=" + url.QueryEscape(p.Action) + "&result=" + url.QueryEscape(p.Result) +
			"&before=" + strconv.FormatInt(recs[len(recs)-1].Seq, 10)
	}
	h.Render(w, r, http.StatusOK, "admin_audit", p)
}
