package staff

import (
	"io"
	"net/http"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// documentsPerPage is the length of a page of a library.
const documentsPerPage = 50

// libraryTypes name the short type of a library file by content type
// (exchange.type_<name>).
var libraryTypes = map[string]string{
	"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpeg",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   "docx",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         "xlsx",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
	"application/vnd.oasis.opendocument.text":                                   "odt",
	"application/vnd.oasis.opendocument.spreadsheet":                            "ods",
	"application/vnd.oasis.opendocument.presentation":                           "odp",
}

// folderRow is a folder of the library's folder list.
type folderRow struct {
	regional.Folder
	Href    string
	Current bool
}

// uploadForm is the upload form as typed; ChooseAgain says a refused
// upload must be chosen again (file inputs are never refilled).
type uploadForm struct {
	Title, Description, Folder string
	Folders                    []site.Choice
	ChooseAgain                bool
}

type libraryPage struct {
	regionBase
	Folders []folderRow
	// AllHref lists every document; Current is the folder shown (nil: all).
	AllHref string
	Current *regional.Folder
	List    site.List
	Upload  uploadForm
	// NewFolder is the name typed for a new folder; Accept the upload
	// input's accept attribute.
	NewFolder, Accept string
}

func (h *Handler) showLibrary(w http.ResponseWriter, r *http.Request) {
	h.renderLibrary(w, r, http.StatusOK, uploadForm{Folder: r.URL.Query().Get("folder")}, "", nil)
}

// renderLibrary shows a space's folders and documents (of the folder in
// ?folder=, or all), the upload form and, for coordinators, the folders'
// forms.
func (h *Handler) renderLibrary(w http.ResponseWriter, r *http.Request, status int, up uploadForm, newFolder string, problems valid.Errors) {
	b, ok := h.regionPage(w, r, "exchange.library_title", "documents")
	if !ok {
		return
	}
	b.Errors = problems
	p := libraryPage{regionBase: b, AllHref: "/regions/" + b.Space + "/documents", Upload: up, NewFolder: newFolder,
		Accept: strings.Join(regional.LibraryExtensions(), ",")}
	folders, err := h.Regional.Folders(r.Context(), b.X, b.Space)
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	filter := r.URL.Query().Get("folder")
	p.Upload.Folders = []site.Choice{{Value: "", Label: b.T("exchange.no_folder")}}
	for _, f := range folders {
		row := folderRow{Folder: f, Href: p.AllHref + "?folder=" + f.ID, Current: f.ID == filter}
		if row.Current {
			p.Current = &row.Folder
		}
		p.Folders = append(p.Folders, row)
		p.Upload.Folders = append(p.Upload.Folders, site.Choice{Value: f.ID, Label: f.Name, Selected: f.ID == up.Folder})
	}
	page := site.PageParam(r.URL.Query().Get("page"), 100000)
	docs, total, err := h.Regional.Documents(r.Context(), b.X, b.Space,
		regional.LibraryFilter{FolderID: filter, Limit: documentsPerPage, Offset: (page - 1) * documentsPerPage})
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	p.List = libraryList(b.Base, docs, total, p.Current != nil)
	p.List.Pager = site.NewPager(page, documentsPerPage, total, p.AllHref, r.URL.Query())
	h.Render(w, r, status, "regions_library", p)
}

// libraryList is the table of documents; inFolder leaves out the folder
// column.
func libraryList(b site.Base, docs []*regional.LibraryDocument, total int, inFolder bool) site.List {
	l := site.List{Caption: b.T("exchange.documents"), RowHeader: true, Count: b.L.N("exchange.document_count", total),
		Empty: b.T("exchange.documents_empty")}
	if inFolder {
		l.Empty = b.T("exchange.folder_empty")
	}
	l.Columns = []site.Column{{Label: b.T("exchange.col_document")}, {Label: b.T("exchange.col_file")}, {Label: b.T("exchange.col_updated")}}
	for _, d := range docs {
		title := site.Cell{Text: d.Title, Href: "/documents/" + d.ID, Hint: d.Folder}
		if inFolder {
			title.Hint = ""
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{title,
			{Text: d.Latest.Filename, Hint: fileHint(b, d.Latest)},
			{Text: b.L.Date(clock.Day(d.Updated.In(clock.Berlin()))), Hint: d.Latest.Uploader}}})
	}
	return l
}

// fileHint says a file's type, size and version ("PDF, 12 KB, version 2").
func fileHint(b site.Base, v regional.LibraryVersion) string {
	return b.T("exchange.file_hint", "Type", b.T("exchange.type_"+libraryTypes[v.ContentType]),
		"Size", documentSize(b.L.Lang, v.Size), "Version", v.Version)
}

// uploadedLibraryFile reads the "file" part (empty when none was
// chosen); the guard has parsed the form within maxLibraryBody.
func uploadedLibraryFile(r *http.Request) (regional.Upload, error) {
	file, header, err := r.FormFile("file")
	if err != nil {
		return regional.Upload{}, nil // no file: the store says "choose a file"
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, regional.MaxLibraryBytes+1))
	return regional.Upload{Filename: header.Filename, Content: content}, err
}

func (h *Handler) uploadLibraryDocument(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	space := r.PathValue("region")
	if !x.Sees(space) {
		h.NotFound(w, r)
		return
	}
	f, err := uploadedLibraryFile(r)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	up := uploadForm{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Folder: r.PostFormValue("folder"), ChooseAgain: true}
	id, err := h.Regional.AddDocument(r.Context(), x, space, regional.DocumentInput{Title: up.Title, Description: up.Description,
		FolderID: up.Folder, File: f})
	if err == nil {
		h.SetFlash(w, "flash.exchange_document_added")
		h.Redirect(w, r, "/documents/"+id)
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		h.renderLibrary(w, r, http.StatusUnprocessableEntity, up, "", problems)
	}
}

func (h *Handler) createLibraryFolder(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	name := r.PostFormValue("name")
	id, err := h.Regional.CreateFolder(r.Context(), x, r.PathValue("region"), name)
	if err == nil {
		h.SetFlash(w, "flash.exchange_folder_created")
		h.Redirect(w, r, "/regions/"+r.PathValue("region")+"/documents?folder="+id)
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		h.renderLibrary(w, r, http.StatusUnprocessableEntity, uploadForm{}, name, problems)
	}
}

func (h *Handler) renameLibraryFolder(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	folder := r.PathValue("folder")
	err := h.Regional.RenameFolder(r.Context(), x, r.PathValue("region"), folder, r.PostFormValue("name"))
	if err == nil {
		h.SetFlash(w, "flash.exchange_folder_renamed")
		h.Redirect(w, r, "/regions/"+r.PathValue("region")+"/documents?folder="+folder)
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		// The problem belongs to the folder's own name field.
		for i := range problems {
			if problems[i].Field == "name" {
				problems[i].Field = "rename_" + folder
			}
		}
		h.renderLibrary(w, r, http.StatusUnprocessableEntity, uploadForm{}, "", problems)
	}
}

func (h *Handler) deleteLibraryFolder(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	err := h.Regional.DeleteFolder(r.Context(), x, r.PathValue("region"), r.PathValue("folder"))
	if err == nil {
		h.SetFlash(w, "flash.exchange_folder_deleted")
		h.Redirect(w, r, "/regions/"+r.PathValue("region")+"/documents")
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		h.renderLibrary(w, r, http.StatusUnprocessableEntity, uploadForm{}, "", problems)
	}
}

// documentBox is the overview's section of the documents changed last.
func (h *Handler) documentBox(r *http.Request, b regionBase) (*regionBox, error) {
	docs, _, err := h.Regional.Documents(r.Context(), b.X, b.Space, regional.LibraryFilter{Limit: regionsShown})
	if err != nil {
		return nil, err
	}
	box := &regionBox{ID: "documents", Title: b.T("exchange.documents"), Empty: b.T("exchange.documents_empty"),
		MoreHref: "/regions/" + b.Space + "/documents"}
	for _, d := range docs {
		hint := b.L.Date(clock.Day(d.Updated.In(clock.Berlin())))
		if d.Folder != "" {
			hint += " · " + d.Folder
		}
		box.Lines = append(box.Lines, regionLine{Href: "/documents/" + d.ID, Text: d.Title, Hint: hint})
	}
	return box, nil
}
