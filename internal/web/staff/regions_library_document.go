package staff

import (
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/httpx"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// versionRow is one version of a document as its page lists it.
type versionRow struct {
	Href, Filename, Hint, Uploader, When, WhenISO string
	Number                                        int
}

type libraryDocumentPage struct {
	regionBase
	D        *regional.LibraryDocument
	Versions []versionRow
	// Created says who uploaded it first and when; Accept is the upload
	// input's accept attribute; ChooseAgain marks a refused new version.
	Created, Accept string
	ChooseAgain     bool
}

func (h *Handler) showLibraryDocument(w http.ResponseWriter, r *http.Request) {
	h.renderLibraryDocument(w, r, http.StatusOK, "exchange.document_title", "regions_library_document", nil)
}

// renderLibraryDocument shows a document of a space the reader takes part
// in as page (its details with the versions, or the question before
// deleting it).
func (h *Handler) renderLibraryDocument(w http.ResponseWriter, r *http.Request, status int, titleKey, page string, problems valid.Errors) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	d, err := h.Regional.Document(r.Context(), x, r.PathValue("id"))
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	b, ok := h.spacePage(w, r, x, d.Space, titleKey, "documents")
	if !ok {
		return
	}
	if page == "regions_library_delete" && !d.Deletable {
		h.Fail(w, r, http.StatusForbidden, "error.forbidden")
		return
	}
	b.Errors = problems
	if page == "regions_library_document" {
		b.Title = d.Title
	}
	p := libraryDocumentPage{regionBase: b, D: d, Accept: strings.Join(regional.LibraryExtensions(), ","), ChooseAgain: problems.Has("file"),
		Created: b.T("exchange.created_by", "Name", d.Creator, "Date", b.L.Date(clock.Day(d.Created.In(clock.Berlin()))))}
	for _, v := range d.Versions {
		p.Versions = append(p.Versions, versionRow{Href: "/documents/" + d.ID + "/versions/" + strconv.Itoa(v.Version),
			Filename: v.Filename, Hint: fileHint(b.Base, v), Uploader: v.Uploader, Number: v.Version,
			When: b.L.DateTime(v.Uploaded.In(clock.Berlin())), WhenISO: v.Uploaded.Format("2006-01-02T15:04Z")})
	}
	h.Render(w, r, status, page, p)
}

func (h *Handler) addLibraryVersion(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	if _, err := h.Regional.Document(r.Context(), x, r.PathValue("id")); err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	f, err := uploadedLibraryFile(r)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	_, err = h.Regional.AddVersion(r.Context(), x, r.PathValue("id"), f)
	if err == nil {
		h.SetFlash(w, "flash.exchange_version_added")
		h.Redirect(w, r, "/documents/"+r.PathValue("id"))
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		h.renderLibraryDocument(w, r, http.StatusUnprocessableEntity, "exchange.document_title", "regions_library_document", problems)
	}
}

// downloadLibraryVersion sends one version as an attachment under its
// file name, with the type found at upload; the sandbox policy keeps an
// opened PDF from running scripts with the platform's origin.
func (h *Handler) downloadLibraryVersion(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n < 1 {
		h.NotFound(w, r)
		return
	}
	v, err := h.Regional.VersionContent(r.Context(), x, r.PathValue("id"), n)
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": v.Filename})
	if disposition == "" {
		disposition = `attachment; filename="document-` + r.PathValue("id") + "-" + strconv.Itoa(n) + path.Ext(v.Filename) + `"`
	}
	hd := w.Header()
	hd.Set("Content-Type", v.ContentType)
	hd.Set("Content-Length", strconv.Itoa(len(v.Content)))
	hd.Set("Content-Disposition", disposition)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", httpx.ContentSecurityPolicy+"; sandbox")
	_, _ = w.Write(v.Content)
}

func (h *Handler) confirmDeleteLibraryDocument(w http.ResponseWriter, r *http.Request) {
	h.renderLibraryDocument(w, r, http.StatusOK, "exchange.delete_title", "regions_library_delete", nil)
}

func (h *Handler) deleteLibraryDocument(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	d, err := h.Regional.Document(r.Context(), x, r.PathValue("id"))
	if err == nil {
		err = h.Regional.DeleteDocument(r.Context(), x, d.ID)
	}
	if err != nil {
		if _, ok := h.regionOutcome(w, r, err); ok {
			h.ServerError(w, r, err) // deleting is never refused with problems
		}
		return
	}
	h.SetFlash(w, "flash.exchange_document_deleted")
	h.Redirect(w, r, "/regions/"+d.Space+"/documents")
}
