package app

import (
	"bytes"
	"context"
	"fmt"
	netmail "net/mail"
	"net/url"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// regionalNotice turns a notice of the regional networks into a staff
// notification in the same transaction.
func (a *App) regionalNotice(ctx context.Context, tx *db.Tx, n regional.Notice) error {
	return a.Notify.Add(ctx, tx, notify.Note{UserID: n.UserID, Kind: notify.Kind(n.Kind), Link: n.Href})
}

// meetingMail queues a meeting invitation (or its update or cancellation)
// in the recipient's staff language: the meeting's title, time and place,
// a link to its page and the calendar entry attached.
func (a *App) meetingMail(ctx context.Context, tx *db.Tx, inv regional.Invitation) error {
	lang := inv.Lang
	if !slices.Contains(i18n.Staff, lang) {
		lang = "de"
	}
	l := a.catalog.Localizer(lang)
	m := inv.Meeting
	link := a.Config.PublicURL() + "/meetings/" + m.ID
	kind := "invite"
	switch {
	case inv.Cancelled:
		kind = "cancel"
	case inv.Updated:
		kind = "update"
	}
	start := m.Start.In(clock.Berlin())
	args := []any{"Title", m.Title, "Region", inv.RegionName, "Date", l.Date(start),
		"When", l.DateTime(start) + "–" + l.Clock(m.End), "Where", meetingPlace(l, m)}
	c := mail.Content{Lang: lang, Dir: l.Dir(), Greeting: l.T("meetings.mail_greeting", "Name", inv.Name),
		Paragraphs: []string{l.T("meetings.mail_"+kind+"_text", args...), l.T("meetings.mail_when", args...),
			l.T("meetings.mail_where", args...), l.T("meetings.mail_" + kind + "_calendar")},
		Link:   mail.Link{URL: link, Label: l.T("meetings.mail_link")},
		Footer: []string{l.T("meetings.mail_footer")}}
	if inv.Cancelled {
		c.Paragraphs = slices.Delete(c.Paragraphs, 1, 3)
	}
	text, html, err := mail.Render(c)
	if err != nil {
		return fmt.Errorf("app: meeting mail: %w", err)
	}
	var ics bytes.Buffer
	organizer, name := a.calendarOrganizer()
	if err := regional.MeetingICal(&ics, m, a.Clock.Now(), link, &regional.ICalInvitee{Organizer: organizer, OrganizerName: name,
		Attendee: inv.To, AttendeeName: inv.Name}); err != nil {
		return fmt.Errorf("app: meeting mail: %w", err)
	}
	method := "REQUEST"
	if inv.Cancelled {
		method = "CANCEL"
	}
	return a.Jobs.SendMailTx(ctx, tx, mail.Message{To: inv.To, Lang: lang, Subject: l.T("meetings.mail_"+kind+"_subject", args...),
		Text: text, HTML: html, Attachments: []mail.Attachment{{Name: l.T("meetings.ics_name"),
			ContentType: "text/calendar; charset=utf-8; method=" + method, Data: ics.Bytes()}}})
}

// meetingPlace says where a meeting is: the place, the online link, or
// both.
func meetingPlace(l *i18n.Localizer, m *regional.Meeting) string {
	switch {
	case m.Place == "":
		return l.T("meetings.online_at", "URL", m.OnlineURL)
	case m.OnlineURL == "":
		return m.Place
	}
	return l.T("meetings.place_and_online", "Place", m.Place, "URL", m.OnlineURL)
}

// calendarOrganizer is the platform's sender address and name (the ORGANIZER
// of calendar invitations): --smtp-from, else noreply at the public
// host.
func (a *App) calendarOrganizer() (addr, name string) {
	if from, err := netmail.ParseAddress(a.Config.Mail.From); err == nil {
		name = from.Name
		if name == "" {
			name = "KMN"
		}
		return from.Address, name
	}
	host := "localhost"
	if u, err := url.Parse(a.Config.PublicURL()); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "noreply@" + host, "KMN"
}
