package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// findFiles searches client files by pseudonym code, within the case
// scope, through the caseload (which audits the search as "case.list").
// Client files are found by their code only: names and every other
// personal detail are encrypted and never searched. Text that cannot be
// part of a code is not looked for at all, and the group says so.
func (h *Handler) findFiles(r *http.Request, b site.Base, q string) (searchGroup, error) {
	g := searchGroup{Kind: "files"}
	if part, _ := casework.CodeSearch(q); !part {
		g.Note = b.T("search.files_codes_only", "Text", q)
		return g, nil
	}
	cw, err := h.caseWorkOf(r)
	if err != nil {
		return g, err
	}
	page, err := h.Cases.Caseload(r.Context(), cw.Viewer, casework.CaseQuery{Code: q, Limit: searchLimit})
	if err != nil || len(page.Rows) == 0 {
		return g, err
	}
	programs, err := h.programNames(r, b.L.Lang)
	if err != nil {
		return g, err
	}
	g.Total = page.Total
	for _, s := range page.Rows {
		g.Items = append(g.Items, searchItem{Text: s.Code, Code: true, Href: "/cases/" + s.ID,
			Detail: joinFacts([]string{cw.officeName(s.OfficeID), choiceLabel(programs, s.ProgramID), b.T("case.status." + string(s.Status))})})
	}
	g.More = moreLink(b, g, "/cases", q)
	return g, nil
}
