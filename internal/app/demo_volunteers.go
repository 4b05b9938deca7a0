package app

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

// demoVolunteer is an invented volunteer of the demo: where they live,
// what they speak, and what has happened so far.
type demoVolunteer struct {
	name, email, lang, gender, postcode string
	languages                           []volunteer.Language
	// confirmed after the conversation; documentDays is how many days
	// their certificate is still valid (negative: expired; 0: none).
	confirmed    bool
	documentDays int
}

func speaks(code string, level int, dialects ...string) volunteer.Language {
	return volunteer.Language{Code: code, Level: level, Dialects: dialects}
}

var demoVolunteers = []demoVolunteer{
	{"Olena Kovalenko", "olena.kovalenko@example.org", "uk", "female", "30159", []volunteer.Language{speaks("uk", 5), speaks("ru", 5), speaks("de", 4)}, true, 400},
	{"Ahmad Rahimi", "ahmad.rahimi@example.org", "fa", "male", "30161", []volunteer.Language{speaks("fa", 5), speaks("prs", 5, "Kabuli"), speaks("de", 3)}, true, 20},
	{"Samira Haddad", "samira.haddad@example.org", "ar", "female", "30449", []volunteer.Language{speaks("ar", 5, "Levantinisch"), speaks("de", 4)}, true, 300},
	{"Mehmet Yılmaz", "mehmet.yilmaz@example.org", "tr", "male", "30655", []volunteer.Language{speaks("tr", 5), speaks("ku", 4, "Kurmandschi"), speaks("de", 5)}, true, -5},
	{"Karim Mansour", "karim.mansour@example.org", "ar", "male", "30851", []volunteer.Language{speaks("ar", 5, "Irakisch"), speaks("en", 3)}, true, 0},
	{"Nadia Petrova", "nadia.petrova@example.org", "ru", "female", "30169", []volunteer.Language{speaks("ru", 5), speaks("de", 3)}, false, 0},
	{"Yusuf Abdi", "yusuf.abdi@example.org", "en", "male", "30177", []volunteer.Language{speaks("so", 5), speaks("en", 4)}, false, 0},
}

// demoVolunteersAt makes the volunteer store act at the demo's now shifted
// by shift (the past requests happen "then"), recording the personal
// links of the mails it would send, by address.
func (a *App) demoVolunteersAt(shift time.Duration, links map[string]string) *volunteer.Store {
	return volunteer.NewStore(a.DB, a.Audit, a.Keys, volunteer.Options{EmailKey: a.Keys.Derive("volunteer-email"), Places: a.Geo,
		Clock: clock.New(func() time.Time { return a.Clock.Now().Add(shift) }),
		Mail: func(_ context.Context, _ *db.Tx, m volunteer.Mail) error {
			if m.Kind == volunteer.MailWelcome {
				links[m.To] = m.Link
			}
			return nil
		}})
}

// demoVolunteerWork enrols the demo volunteers in Hannover (the office
// lead coordinates them; two wait for their conversation, one has a
// document about to expire, one an expired one) and has the demo
// counselor request mediators in every state: filled in the past with
// hours, filled and waiting for an answer ahead, open with proposals, and
// one in Tigrinya that nobody speaks.
func (a *App) demoVolunteerWork(ctx context.Context, users map[string]*auth.User) error {
	client := auth.Client{IP: "127.0.0.1", UserAgent: "kmn demo"}
	lead, err := a.Auth.PrincipalOf(ctx, users["leitung@kmn.example"].ID, client)
	if err != nil {
		return err
	}
	counselor, err := a.Auth.PrincipalOf(ctx, users["beratung@kmn.example"].ID, client)
	if err != nil {
		return err
	}
	links := map[string]string{}
	past := a.demoVolunteersAt(-21*24*time.Hour, links)
	ids, err := a.demoEnrol(ctx, past, lead)
	if err != nil {
		return err
	}
	return a.demoMediation(ctx, past, a.demoVolunteersAt(0, links), counselor, users["beratung@kmn.example"].ScopeID, ids, links)
}

func (a *App) demoEnrol(ctx context.Context, s *volunteer.Store, lead auth.Principal) (map[string]string, error) {
	ids := map[string]string{}
	var week []volunteer.Slot
	for d := time.Sunday; d <= time.Saturday; d++ {
		week = append(week, volunteer.Slot{Weekday: d, From: 8 * 60, Till: 19 * 60})
	}
	for _, v := range demoVolunteers {
		id, err := s.Enrol(ctx, lead, volunteer.SignUpInput{Name: v.name, Email: v.email, Lang: v.lang, Gender: v.gender, Postcode: v.postcode,
			MaxKm: 25, Remote: true, Activities: []string{"mediation", "accompany"}, Languages: v.languages, Slots: week, Consent: true})
		if err != nil {
			return nil, fmt.Errorf("demo volunteer %s: %w", v.name, err)
		}
		ids[v.email] = id
		if !v.confirmed {
			continue
		}
		if err := s.Confirm(ctx, lead, id, true, "Gespräch in der Beratungsstelle, Verschwiegenheitserklärung unterschrieben."); err != nil {
			return nil, err
		}
		if v.documentDays != 0 {
			if err := a.demoDocument(ctx, lead, id, v.documentDays); err != nil {
				return nil, err
			}
		}
	}
	return ids, nil
}

// demoDocument records a certificate valid for days more days: an expired
// one was recorded in the past, so it goes through a store whose clock
// stands before its expiry.
func (a *App) demoDocument(ctx context.Context, lead auth.Principal, id string, days int) error {
	until := a.Clock.Today().AddDate(0, 0, days)
	s := a.Volunteers
	if days < 0 {
		s = a.demoVolunteersAt(time.Duration(days-30)*24*time.Hour, map[string]string{})
	}
	return s.RecordDocument(ctx, lead, id, volunteer.DocumentInput{Kind: "good_conduct_extended", ValidUntil: until})
}

// demoMediation makes the counselor's requests: past ones through the
// store of three weeks ago, coming ones through today's.
func (a *App) demoMediation(ctx context.Context, past, now *volunteer.Store, counselor auth.Principal, office string, ids, links map[string]string) error {
	day := a.Clock.Today()
	at := func(days, hour int) time.Time {
		d := day.AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, clock.Berlin())
	}
	plans := []struct {
		s                  *volunteer.Store
		lang, dialect, who string
		start              time.Time
		mode, sensitivity  string
		accept             bool
		minutes            int
	}{
		{past, "uk", "", "olena.kovalenko@example.org", at(-14, 10), "in_person", "residence", true, 75},
		{past, "ar", "Levantinisch", "samira.haddad@example.org", at(-10, 14), "in_person", "health", true, 60},
		{past, "fa", "", "ahmad.rahimi@example.org", at(-7, 9), "phone", "family", true, 45},
		{now, "uk", "", "olena.kovalenko@example.org", at(2, 10), "in_person", "residence", true, 0},
		{now, "ar", "Levantinisch", "samira.haddad@example.org", at(4, 14), "in_person", "health", false, 0},
		{now, "fa", "", "", at(6, 9), "video", "", false, 0},
		{now, "ti", "", "", at(3, 11), "in_person", "residence", false, 0},
	}
	for _, pl := range plans {
		id, err := pl.s.CreateRequest(ctx, counselor, volunteer.RequestInput{OfficeID: office, Language: pl.lang, Dialect: pl.dialect, Start: pl.start,
			Minutes: 60, Mode: pl.mode, Place: "Beratungsraum 2", Sensitivity: pl.sensitivity})
		if err != nil {
			return fmt.Errorf("demo mediation %s: %w", pl.lang, err)
		}
		if pl.who == "" {
			continue
		}
		if err := a.demoAssign(ctx, pl.s, now, counselor, id, ids[pl.who], links[pl.who], pl.accept, pl.minutes); err != nil {
			return err
		}
	}
	return nil
}

// demoAssign asks a volunteer and, if accept, has them accept (through
// the store of the request's time) and log minutes (today).
func (a *App) demoAssign(ctx context.Context, s, now *volunteer.Store, p auth.Principal, request, volunteerID, token string, accept bool, minutes int) error {
	if err := s.Ask(ctx, p, request, volunteerID); err != nil {
		return fmt.Errorf("demo ask: %w", err)
	}
	if !accept {
		return nil
	}
	key := volunteer.ByLink(token)
	as, err := s.Assignments(ctx, key)
	if err != nil {
		return err
	}
	for _, x := range as {
		if x.RequestID != request {
			continue
		}
		if err := s.Answer(ctx, key, x.ID, true); err != nil {
			return fmt.Errorf("demo accept: %w", err)
		}
		if minutes > 0 {
			return now.LogHours(ctx, key, x.ID, minutes)
		}
	}
	return nil
}
