package regional

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// MaxLibraryBytes bounds one file of a library (10 MiB).
const MaxLibraryBytes = 10 << 20

// maxFilename bounds a stored file name in characters.
const maxFilename = 200

// Upload is a file as it came with a form.
type Upload struct {
	Filename string
	Content  []byte
}

// libraryKind is a type of file a library takes: its content type, the
// extensions it goes by and, for the zip-based office formats, what the
// archive must hold.
type libraryKind struct {
	contentType string
	exts        []string
	// zipPrefix is the folder of an Office Open XML archive ("word/");
	// odf marks an OpenDocument archive, whose "mimetype" entry names
	// contentType.
	zipPrefix string
	odf       bool
}

// libraryKinds are the types a library takes: PDF, PNG, JPEG, and the
// Office Open XML and OpenDocument formats. The old binary Office formats
// (.doc, .xls, .ppt) are refused.
var libraryKinds = []libraryKind{
	{contentType: "application/pdf", exts: []string{".pdf"}},
	{contentType: "image/png", exts: []string{".png"}},
	{contentType: "image/jpeg", exts: []string{".jpg", ".jpeg"}},
	{contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", exts: []string{".docx"}, zipPrefix: "word/"},
	{contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exts: []string{".xlsx"}, zipPrefix: "xl/"},
	{contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", exts: []string{".pptx"}, zipPrefix: "ppt/"},
	{contentType: "application/vnd.oasis.opendocument.text", exts: []string{".odt"}, odf: true},
	{contentType: "application/vnd.oasis.opendocument.spreadsheet", exts: []string{".ods"}, odf: true},
	{contentType: "application/vnd.oasis.opendocument.presentation", exts: []string{".odp"}, odf: true},
}

// LibraryExtensions lists the file extensions a library takes (for the
// upload form's accept attribute).
func LibraryExtensions() []string {
	var out []string
	for _, k := range libraryKinds {
		out = append(out, k.exts...)
	}
	return out
}

// LibraryType detects the content type of a library file from its name's
// extension and its bytes; "" when they do not agree or the type is not
// taken. The bytes decide: a text file named .pdf is no PDF, and a zip
// archive is an office document only when it holds one.
func LibraryType(filename string, content []byte) string {
	ext := strings.ToLower(path.Ext(filename))
	i := slices.IndexFunc(libraryKinds, func(k libraryKind) bool { return slices.Contains(k.exts, ext) })
	if i < 0 || len(content) == 0 {
		return ""
	}
	k := libraryKinds[i]
	if k.zipPrefix == "" && !k.odf {
		if http.DetectContentType(content) == k.contentType {
			return k.contentType
		}
		return ""
	}
	if !bytes.HasPrefix(content, []byte("PK\x03\x04")) {
		return ""
	}
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return ""
	}
	if k.odf && odfMimetype(zr) == k.contentType {
		return k.contentType
	}
	if k.zipPrefix != "" && slices.ContainsFunc(zr.File, func(f *zip.File) bool { return f.Name == "[Content_Types].xml" }) &&
		slices.ContainsFunc(zr.File, func(f *zip.File) bool { return strings.HasPrefix(f.Name, k.zipPrefix) }) {
		return k.contentType
	}
	return ""
}

// odfMimetype reads an OpenDocument archive's "mimetype" entry (a short
// text; anything longer is no OpenDocument file).
func odfMimetype(zr *zip.Reader) string {
	for _, f := range zr.File {
		if f.Name != "mimetype" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, 128))
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	return ""
}

// cleanFilename keeps the last part of a path a browser may send, as
// valid UTF-8 without control characters or quotes, cut to maxFilename
// characters (keeping the extension).
func cleanFilename(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, "")))
	if r := []rune(name); len(r) > maxFilename {
		ext := []rune(path.Ext(name))
		if len(ext) > 10 {
			ext = nil
		}
		name = string(r[:maxFilename-len(ext)]) + string(ext)
	}
	return name
}

// checkUpload validates a file for a library and answers its content
// type; problems go to the field "file".
func checkUpload(e *valid.Errors, f *Upload) string {
	f.Filename = cleanFilename(f.Filename)
	switch {
	case len(f.Content) == 0:
		e.Add("file", "exchange.file_required")
	case len(f.Content) > MaxLibraryBytes:
		e.Add("file", "exchange.file_too_large", "Max", MaxLibraryBytes>>20)
	default:
		if t := LibraryType(f.Filename, f.Content); t != "" {
			return t
		}
		e.Add("file", "exchange.file_type")
	}
	return ""
}
