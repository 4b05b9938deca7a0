package staff

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// maxImportBytes bounds an uploaded import file.
const maxImportBytes = 10 << 20

func (h *Handler) exportOffices(w http.ResponseWriter, r *http.Request) {
	t, err := h.Network.OfficesTable(r.Context(), officeFilterOf(r.URL.Query()))
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.sendTable(w, r, "beratungsstellen", t)
}

type importPage struct {
	site.Base
	Report   *network.ImportReport
	Problems []ImportProblem
	FileName string
	// Content carries the checked file (base64) into the commit form, so the
	// user does not have to choose it again.
	Content string
}

// ImportProblem is a row error, translated.
type ImportProblem struct {
	Line           int
	Field, Message string
}

func (h *Handler) importForm(w http.ResponseWriter, r *http.Request) {
	h.Render(w, r, http.StatusOK, "network_office_import", importPage{Base: h.Base(w, r, "import.title")})
}

// importOffices checks an uploaded CSV file (dry run, the default) or
// imports it in one transaction when "commit" was pressed. Any row error
// means nothing is written.
func (h *Handler) importOffices(w http.ResponseWriter, r *http.Request) {
	p := importPage{Base: h.Base(w, r, "import.title")}
	data, name, ok := uploadedFile(r)
	if !ok {
		p.Problems = []ImportProblem{{Field: "file", Message: p.T("import.no_file")}}
		h.Render(w, r, http.StatusUnprocessableEntity, "network_office_import", p)
		return
	}
	p.FileName = name
	dryRun := r.PostFormValue("commit") == ""
	rep, err := h.Network.ImportOffices(r.Context(), network.EditorOf(site.PrincipalOf(r)), bytes.NewReader(data), h.Geo, dryRun)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.Report = &rep
	for _, e := range rep.Errors {
		p.Problems = append(p.Problems, ImportProblem{Line: e.Line, Field: e.Field, Message: p.T(e.Key, e.Args...)})
	}
	status := http.StatusOK
	if len(rep.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	} else if dryRun {
		p.Content = base64.StdEncoding.EncodeToString(data)
	}
	h.Render(w, r, status, "network_office_import", p)
}

// uploadedFile returns the chosen file, or the content carried over from
// the preview.
func uploadedFile(r *http.Request) ([]byte, string, bool) {
	if file, header, err := r.FormFile("file"); err == nil {
		defer file.Close()
		data, err := io.ReadAll(file)
		return data, header.Filename, err == nil && len(data) > 0
	}
	data, err := base64.StdEncoding.DecodeString(r.PostFormValue("content"))
	return data, r.PostFormValue("filename"), err == nil && len(data) > 0
}
