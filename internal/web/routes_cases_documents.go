package web

// caseDocumentRoutes are the routes for documents and scans of a client file (cases_documents.go).
func (h *Handler) caseDocumentRoutes() []Route {
	return []Route{}
}
