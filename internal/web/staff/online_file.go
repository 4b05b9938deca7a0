package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// fromConversation prefills the new-file form from an online conversation
// whose client agreed to a file: its program, and its office when the
// counselor works there. Anything else leaves the form as it was.
func (h *Handler) fromConversation(r *http.Request, cw caseWork, f *caseNewForm, id string) {
	if h.Online == nil {
		return
	}
	p := site.PrincipalOf(r)
	c, err := h.Online.Conversation(r.Context(), online.StaffParty(p), id)
	if err != nil || c.CounselorID != p.UserID() || c.FileConsentAt == nil || c.FileID != "" {
		return
	}
	f.OnlineID, f.ProgramID = c.ID, c.Program
	if cw.Viewer.WorksIn(c.OfficeID) {
		f.OfficeID = c.OfficeID
	}
}

// linkConversation records the new file on the conversation it came from;
// the file exists either way, so a failure is logged, not shown.
func (h *Handler) linkConversation(r *http.Request, convID, fileID string) {
	if convID == "" || h.Online == nil {
		return
	}
	if err := h.Online.LinkFile(r.Context(), site.PrincipalOf(r), convID, fileID); err != nil {
		h.Log.Warn("online: link file", "err", err)
	}
}
