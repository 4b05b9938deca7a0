package staff

import (
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/httpx"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// maxDocumentBody is the body limit of an upload: exactly the document
// limit, so the file part of a body that fits is always below the memory
// limit of multipart parsing (maxImportBytes) and an unencrypted scan never
// spills into a temporary file on disk. The form's few hundred bytes of
// overhead therefore come off the 10 MiB; a larger upload gets 413.
const maxDocumentBody = casework.MaxDocumentBytes

// documentFields are the upload form's fields, for inSection.
var documentFields = []string{"title", "file", "consent_id"}

// documentExtensions name the download's file extension by content type.
var documentExtensions = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

// caseDocumentsView is the documents section of the file page.
type caseDocumentsView struct {
	List []documentView
	// Title and ConsentID are the upload form as typed; ChooseAgain says a
	// refused upload must be chosen again (file inputs are never refilled).
	Title, ConsentID string
	ChooseAgain      bool
	Consents         []site.Choice
}

// documentView is one document as listed: never its content.
type documentView struct {
	ID, Title, Type, Size, UploadedOn, Consent string
}

// caseDocumentsOf builds the documents section of file f. When the request
// is a refused upload, the form keeps what was typed.
func caseDocumentsOf(r *http.Request, b site.Base, f *casework.File) caseDocumentsView {
	docs := f.Documents // read with the file, under its audit entry
	var out caseDocumentsView
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/documents") {
		out.Title, out.ConsentID, out.ChooseAgain = r.PostFormValue("title"), r.PostFormValue("consent_id"), true
	}
	consents := map[string]string{}
	for _, c := range f.Consents {
		label := b.T("case.purpose."+c.Purpose) + ", " + b.L.Date(c.GivenOn)
		consents[c.ID] = label
		out.Consents = append(out.Consents, site.Choice{Value: c.ID, Label: label, Selected: c.ID == out.ConsentID})
	}
	for _, d := range docs {
		out.List = append(out.List, newDocumentView(b, d, consents[d.ConsentID]))
	}
	return out
}

// newDocumentView is d as listed; consent labels the consent it belongs to.
func newDocumentView(b site.Base, d casework.Document, consent string) documentView {
	return documentView{ID: d.ID, Title: d.Title, Type: b.T("documents.type." + strings.TrimPrefix(documentExtensions[d.ContentType], ".")),
		Size: documentSize(b.L.Lang, d.Size), UploadedOn: b.L.Date(clock.Day(d.UploadedAt.In(clock.Berlin()))), Consent: consent}
}

// documentSize formats a size as KB below one MB, else MB with one decimal
// (a decimal comma in German).
func documentSize(lang string, n int) string {
	if n < 1<<20 {
		return strconv.Itoa(int(math.Ceil(float64(n)/1024))) + " KB"
	}
	s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
	if lang == "de" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " MB"
}

// addCaseDocument stores an uploaded PDF, JPEG or PNG in the file. A
// refused upload shows the file page again (422) with the problems and
// writes nothing.
func (h *Handler) addCaseDocument(w http.ResponseWriter, r *http.Request, cw caseWork) {
	content, err := uploadedDocument(r)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	in := casework.DocumentInput{Title: r.PostFormValue("title"), ConsentID: r.PostFormValue("consent_id"), Content: content}
	h.caseAction(w, r, cw, "documents", documentFields, h.defaultCaseForms(), nil, func() error {
		_, err := h.Cases.AddDocument(r.Context(), cw.Viewer, r.PathValue("id"), in)
		return err
	}, "flash.document_added")
}

// uploadedDocument reads the "file" part (nil when none was chosen). The
// guard has already parsed the multipart form within maxDocumentBody.
func uploadedDocument(r *http.Request) ([]byte, error) {
	file, _, err := r.FormFile("file")
	if err != nil {
		return nil, nil // no file (or not multipart): the store says "choose a file"
	}
	defer file.Close()
	return io.ReadAll(io.LimitReader(file, casework.MaxDocumentBytes+1))
}

// downloadCaseDocument sends one document as an attachment. The file name
// carries the document's id, never its title; the sandbox policy keeps an
// opened PDF from running scripts with the platform's origin.
func (h *Handler) downloadCaseDocument(w http.ResponseWriter, r *http.Request, cw caseWork) {
	d, err := h.Cases.Document(r.Context(), cw.Viewer, r.PathValue("id"), r.PathValue("doc"))
	if err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", d.ContentType)
	hd.Set("Content-Length", strconv.Itoa(len(d.Content)))
	hd.Set("Content-Disposition", `attachment; filename="document-`+d.ID+documentExtensions[d.ContentType]+`"`)
	hd.Set("Content-Security-Policy", httpx.ContentSecurityPolicy+"; sandbox")
	_, _ = w.Write(d.Content)
}

// caseDocumentPage asks before a document is deleted.
type caseDocumentPage struct {
	site.Base
	FileID   string
	Document documentView
}

func (h *Handler) confirmDeleteCaseDocument(w http.ResponseWriter, r *http.Request, cw caseWork) {
	b := h.Base(w, r, "documents.delete_title")
	docs, err := h.Cases.Documents(r.Context(), cw.Viewer, r.PathValue("id"))
	if err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	for _, d := range docs {
		if d.ID == r.PathValue("doc") {
			p := caseDocumentPage{Base: b, FileID: d.FileID, Document: newDocumentView(b, d, "")}
			h.Render(w, r, http.StatusOK, "cases_document_delete", p)
			return
		}
	}
	h.NotFound(w, r)
}

func (h *Handler) deleteCaseDocument(w http.ResponseWriter, r *http.Request, cw caseWork) {
	if err := h.Cases.DeleteDocument(r.Context(), cw.Viewer, r.PathValue("id"), r.PathValue("doc")); err != nil {
		if _, _, ok := h.caseOutcome(w, r, err); ok {
			h.ServerError(w, r, err) // deleting is never refused with problems
		}
		return
	}
	h.SetFlash(w, "flash.document_deleted")
	h.Redirect(w, r, "/cases/"+r.PathValue("id")+"#documents")
}
