package web

// casePDFRoutes are the routes for PDF downloads of plans and exports (cases_pdf.go).
func (h *Handler) casePDFRoutes() []Route {
	return []Route{}
}
