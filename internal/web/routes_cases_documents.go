package web

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// caseDocumentRoutes are the routes for documents and scans of a client file (cases_documents.go).
// As for every case route, the store's scope decides which files a user
// reaches; a file or document outside it answers 404.
func (h *Handler) caseDocumentRoutes() []Route {
	return []Route{
		{Method: "POST", Pattern: "/cases/{id}/documents", Perm: perm.CaseEdit, MaxBody: maxDocumentBody, Handler: h.addCaseDocument},
		{Method: "GET", Pattern: "/cases/{id}/documents/{doc}", Perm: perm.CaseRead, Handler: h.downloadCaseDocument},
		{Method: "GET", Pattern: "/cases/{id}/documents/{doc}/delete", Perm: perm.CaseRead, Handler: h.confirmDeleteCaseDocument},
		{Method: "POST", Pattern: "/cases/{id}/documents/{doc}/delete", Perm: perm.CaseEdit, Handler: h.deleteCaseDocument},
	}
}
