package web

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// casePDFRoutes are the routes for PDF downloads of plans and exports
// (cases_pdf.go). As with every case route, the case store's SQL scope
// decides which files a user reaches; any other id answers 404.
func (h *Handler) casePDFRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/cases/{id}/plan/pdf", Perm: perm.CaseRead, Handler: h.planPDF},
		{Method: "GET", Pattern: "/cases/{id}/export/pdf", Perm: perm.CaseRead, Handler: h.exportPDF},
	}
}
