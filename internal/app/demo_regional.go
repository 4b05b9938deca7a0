package app

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// demoRegional shows the regional networks at work. Braunschweig (the demo
// coordinator's region) has the demo office's organisation and the
// employment agency among its members, a meeting four weeks ago with
// approved minutes (decisions, an open task for the demo office, an
// overdue one for the agency, a done one), a meeting last week whose
// minutes are circulated, the next meeting in ten days with its agenda,
// invitations sent and first answers, and a quarterly series; the
// ministry has met Hannover's network too, so the statewide view has more
// than one region. Announcements, a library and threads fill the rest.
//
// Meetings in the past are planned through stores whose clock stands
// before them (the store refuses to plan a meeting in the past), as the
// coordinator would have done then.
func (a *App) demoRegional(ctx context.Context, users map[string]*auth.User) error {
	who := func(email string) (regional.Participant, error) {
		p, err := a.Auth.PrincipalOf(ctx, users[email].ID, auth.Client{IP: "127.0.0.1", UserAgent: "kmn demo"})
		if err != nil {
			return regional.Participant{}, err
		}
		return a.Regional.ParticipantOf(ctx, p)
	}
	coord, err := who("region@kmn.example")
	if err != nil {
		return err
	}
	if err := a.demoMembers(ctx, coord, users); err != nil {
		return fmt.Errorf("members: %w", err)
	}
	// Everybody's view after the members are in.
	views := map[string]regional.Participant{}
	for _, e := range []string{"region@kmn.example", "ministerium@kmn.example", "leitung@kmn.example", "beratung@kmn.example", "partner@kmn.example"} {
		if views[e], err = who(e); err != nil {
			return err
		}
	}
	docID, err := a.demoLibrary(ctx, views)
	if err != nil {
		return fmt.Errorf("library: %w", err)
	}
	if err := a.demoMeetings(ctx, views, docID); err != nil {
		return fmt.Errorf("meetings: %w", err)
	}
	return a.demoExchange(ctx, views)
}

// demoMembers makes the first organisations of Braunschweig's registry,
// the demo office's organisation and the employment agency members of
// the coordinator's network, with representatives where the organisation
// has staff; the demo lead represents her organisation, the demo
// counselor deputises.
func (a *App) demoMembers(ctx context.Context, coord regional.Participant, users map[string]*auth.User) error {
	const region = "braunschweig"
	orgs, _, err := a.Network.ListOrganisations(ctx, network.OrgFilter{RegionID: region}, network.Page{Limit: 6})
	if err != nil {
		return err
	}
	office, err := a.Network.Office(ctx, users["leitung@kmn.example"].ScopeID)
	if err != nil {
		return err
	}
	ids := []string{office.OrganisationID, users["partner@kmn.example"].ScopeID}
	for _, o := range orgs {
		ids = append(ids, o.ID)
	}
	for _, org := range ids {
		member, err := a.Regional.AddMember(ctx, coord, region, org)
		if err != nil {
			return err
		}
		rep, deputy := "", ""
		switch org {
		case office.OrganisationID:
			rep, deputy = users["leitung@kmn.example"].ID, users["beratung@kmn.example"].ID
		case users["partner@kmn.example"].ScopeID:
			rep = users["partner@kmn.example"].ID
		default:
			staff, err := a.Regional.OrganisationStaff(ctx, org)
			if err != nil {
				return err
			}
			if len(staff) > 0 {
				rep = staff[0].UserID
			}
			if len(staff) > 1 {
				deputy = staff[1].UserID
			}
		}
		if err := a.Regional.SetRepresentatives(ctx, coord, region, member, rep, deputy); err != nil {
			return err
		}
	}
	return nil
}

// demoMinimalPDF is a one-page PDF with the text "Konzept".
const demoMinimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n" +
	"4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 72 760 Td (Konzept) Tj ET\nendstream endobj\n" +
	"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// demoLibrary files a concept paper (two versions) in Braunschweig's
// library and a form in the statewide one; it returns the paper's id.
func (a *App) demoLibrary(ctx context.Context, views map[string]regional.Participant) (string, error) {
	coord, ministry := views["region@kmn.example"], views["ministerium@kmn.example"]
	folder, err := a.Regional.CreateFolder(ctx, coord, "braunschweig", "Konzepte")
	if err != nil {
		return "", err
	}
	if _, err := a.Regional.CreateFolder(ctx, coord, "braunschweig", "Präsentationen"); err != nil {
		return "", err
	}
	doc, err := a.Regional.AddDocument(ctx, coord, "braunschweig", regional.DocumentInput{Title: "Konzept Übergangsmanagement JMD → MBE",
		Description: "Wie Jugendliche mit 27 von der Jugendmigrationsdienst-Beratung in die Migrationsberatung für Erwachsene wechseln.",
		FolderID:    folder, File: regional.Upload{Filename: "konzept-uebergang.pdf", Content: []byte(demoMinimalPDF)}})
	if err != nil {
		return "", err
	}
	if _, err := a.Regional.AddVersion(ctx, views["leitung@kmn.example"], doc, regional.Upload{Filename: "konzept-uebergang-v2.pdf", Content: []byte(demoMinimalPDF)}); err != nil {
		return "", err
	}
	state, err := a.Regional.CreateFolder(ctx, ministry, regional.StateSpace, "Formulare")
	if err != nil {
		return "", err
	}
	_, err = a.Regional.AddDocument(ctx, ministry, regional.StateSpace, regional.DocumentInput{Title: "Vorlage Sachbericht 2026",
		Description: "Vorlage für den jährlichen Sachbericht der geförderten Beratungsstellen.", FolderID: state,
		File: regional.Upload{Filename: "vorlage-sachbericht.pdf", Content: []byte(demoMinimalPDF)}})
	return doc, err
}

// demoStore is the regional store with a clock standing at at.
func (a *App) demoStore(at time.Time) *regional.Store {
	return regional.NewStore(a.DB, a.Audit, a.Keys, regional.Options{Clock: clock.New(func() time.Time { return at }),
		Notify: a.regionalNotice, Mail: a.meetingMail})
}

// demoMeetings plans and holds Braunschweig's meetings (see demoRegional)
// and one of Hannover's by the ministry.
func (a *App) demoMeetings(ctx context.Context, views map[string]regional.Participant, docID string) error {
	coord := views["region@kmn.example"]
	now := a.Clock.Now()
	day := a.Clock.Today()
	at := func(days, hour int) time.Time {
		d := day.AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, clock.Berlin()).UTC()
	}
	agenda := []regional.AgendaInput{
		{Title: "Begrüßung und Protokoll der letzten Sitzung", Presenter: "Rainer Region", Minutes: 10},
		{Title: "Übergang JMD → MBE: Konzept", Presenter: "Lea Leitung", Minutes: 40, DocumentID: docID},
		{Title: "Termine bei der Ausländerbehörde: Wartezeiten", Presenter: "Paul Partner", Minutes: 30},
		{Title: "Verschiedenes", Minutes: 10},
	}
	held := []struct {
		title          string
		start          int
		approve        bool
		decisions      []string
		tasks          []demoTask
		attended, away []string
	}{
		{"Netzwerktreffen Regionalverbund Braunschweig", -28, true,
			[]string{"Der Regionalverbund übernimmt das Konzept zum Übergang JMD → MBE als gemeinsame Arbeitsgrundlage.",
				"Zu den Wartezeiten bei der Ausländerbehörde wird eine gemeinsame Stellungnahme an die Kommune vorbereitet."},
			[]demoTask{{"Konzept Übergang JMD → MBE an alle Beratungsstellen verteilen", "office", "", 14, "open"},
				{"Zahlen zu Wartezeiten bei Terminen der Ausländerbehörde sammeln", "agency", "", 21, "open"},
				{"Raum für das nächste Treffen reservieren", "", "region@kmn.example", 2, "done"}},
			[]string{"leitung@kmn.example", "partner@kmn.example", "region@kmn.example"}, []string{"beratung@kmn.example"}},
		{"Arbeitsgruppe Sprachmittlung", -7, false,
			[]string{"Die Arbeitsgruppe erstellt eine Liste der Sprachmittlungspools in der Region."},
			[]demoTask{{"Sprachmittlungspools der Landkreise abfragen", "office", "", 30, "open"}},
			[]string{"leitung@kmn.example", "region@kmn.example"}, nil},
	}
	for _, m := range held {
		start := at(m.start, 10)
		planner := a.demoStore(start.Add(-14 * 24 * time.Hour))
		id, err := planner.CreateMeeting(ctx, coord, "braunschweig", regional.MeetingInput{Title: m.title, Start: start, End: start.Add(3 * time.Hour),
			Place: "Braunschweig, Haus der Kulturen, Am Nordbahnhof 1"})
		if err != nil {
			return err
		}
		if err := a.demoAgenda(ctx, planner, coord, id, agenda); err != nil {
			return err
		}
		if _, err := planner.Invite(ctx, coord, id); err != nil {
			return err
		}
		attended := map[string]bool{}
		for _, e := range m.attended {
			attended[views[e].UserID()] = true
		}
		for _, e := range m.away {
			attended[views[e].UserID()] = false
		}
		if err := a.Regional.RecordAttendance(ctx, coord, id, attended); err != nil {
			return err
		}
		if err := a.demoMinutes(ctx, views, id, m.decisions, m.tasks, m.approve, day.AddDate(0, 0, m.start)); err != nil {
			return err
		}
	}
	next, err := a.Regional.CreateMeeting(ctx, coord, "braunschweig", regional.MeetingInput{Title: "Netzwerktreffen Regionalverbund Braunschweig",
		Start: at(10, 10), End: at(10, 13), Place: "Wolfsburg, Rathaus, Sitzungssaal B", OnlineURL: "https://meet.example.org/rv-braunschweig"})
	if err != nil {
		return err
	}
	if err := a.demoAgenda(ctx, a.Regional, coord, next, agenda[1:]); err != nil {
		return err
	}
	if _, err := a.Regional.Invite(ctx, coord, next); err != nil {
		return err
	}
	for e, answer := range map[string]string{"leitung@kmn.example": "yes", "partner@kmn.example": "maybe"} {
		if err := a.Regional.Answer(ctx, views[e], next, answer); err != nil {
			return err
		}
	}
	if _, err := a.Regional.CreateMeeting(ctx, coord, "braunschweig", regional.MeetingInput{Title: "Quartalstreffen der Beratungsdienste",
		Start: at(40, 14), End: at(40, 16), OnlineURL: "https://meet.example.org/rv-braunschweig-quartal", Repeat: regional.Quarterly, Count: 3}); err != nil {
		return err
	}
	return a.demoHannoverMeeting(ctx, views["ministerium@kmn.example"], now)
}

// demoTask is a task of the demo minutes: who is "office" (the demo
// office's organisation), "agency" (the employment agency) or a person.
type demoTask struct {
	title, org, person string
	dueDays            int
	state              string
}

func (a *App) demoAgenda(ctx context.Context, s *regional.Store, x regional.Participant, meeting string, items []regional.AgendaInput) error {
	for _, it := range items {
		if _, err := s.AddAgendaItem(ctx, x, meeting, it); err != nil {
			return err
		}
	}
	return nil
}

// demoMinutes writes the minutes of a held meeting with its decisions and
// tasks, circulates them and, when approve, approves them.
func (a *App) demoMinutes(ctx context.Context, views map[string]regional.Participant, meeting string, decisions []string, tasks []demoTask, approve bool, meetingDay time.Time) error {
	coord := views["region@kmn.example"]
	s := a.Regional
	if err := s.StartMinutes(ctx, coord, meeting); err != nil {
		return err
	}
	items, err := s.Agenda(ctx, coord, meeting)
	if err != nil {
		return err
	}
	texts := map[string]string{}
	for i, it := range items {
		texts[it.ID] = []string{"Die Sitzung wird eröffnet; das Protokoll der letzten Sitzung wird ohne Änderungen angenommen.",
			"Frau Leitung stellt das Konzept vor. Aussprache über Fristen und die Rolle der Jugendmigrationsdienste.",
			"Herr Partner berichtet von Wartezeiten bis zu zwölf Wochen. Die Mitglieder schildern ähnliche Erfahrungen.",
			"Keine weiteren Punkte."}[i%4]
	}
	if err := s.SaveMinutes(ctx, coord, meeting, regional.MinutesInput{Version: 1, Summary: "Sieben Mitgliedsorganisationen waren vertreten.", Texts: texts}); err != nil {
		return err
	}
	for i, d := range decisions {
		item := ""
		if len(items) > i+1 {
			item = items[i+1].ID
		}
		if _, err := s.AddDecision(ctx, coord, meeting, regional.DecisionInput{Version: 1, Text: d, AgendaItemID: item}); err != nil {
			return err
		}
	}
	var done []string
	for _, t := range tasks {
		in := regional.TaskInput{Version: 1, Title: t.title, Due: meetingDay.AddDate(0, 0, t.dueDays)}
		switch t.org {
		case "office":
			in.OrganisationID = views["leitung@kmn.example"].Organisations()[0]
		case "agency":
			in.OrganisationID = views["partner@kmn.example"].Organisations()[0]
		}
		if t.person != "" {
			in.UserID = views[t.person].UserID()
		}
		id, err := s.AddTask(ctx, coord, meeting, in)
		if err != nil {
			return err
		}
		if t.state == "done" {
			done = append(done, id)
		}
	}
	if err := s.CirculateMinutes(ctx, coord, meeting, 1); err != nil {
		return err
	}
	if approve {
		m, err := s.Minutes(ctx, coord, meeting, 1)
		if err != nil {
			return err
		}
		if err := s.ApproveMinutes(ctx, coord, meeting, 1, m.UpdatedAt); err != nil {
			return err
		}
	}
	for _, id := range done {
		if err := s.SetTaskState(ctx, coord, id, "done"); err != nil {
			return err
		}
	}
	return nil
}

// demoHannoverMeeting: the ministry met Hannover's network three weeks
// ago (a decision, a task), so the statewide view compares regions.
func (a *App) demoHannoverMeeting(ctx context.Context, ministry regional.Participant, now time.Time) error {
	start := now.Add(-21 * 24 * time.Hour).Truncate(time.Hour)
	planner := a.demoStore(start.Add(-7 * 24 * time.Hour))
	id, err := planner.CreateMeeting(ctx, ministry, "hannover", regional.MeetingInput{Title: "Regionalverbund Hannover: Auftakt 2026",
		Start: start, End: start.Add(2 * time.Hour), Place: "Hannover, Ministerium, Raum 1.12"})
	if err != nil {
		return err
	}
	if _, err := planner.AddAgendaItem(ctx, ministry, id, regional.AgendaInput{Title: "Arbeitsmarktintegration geflüchteter Frauen", Minutes: 60}); err != nil {
		return err
	}
	if err := a.Regional.StartMinutes(ctx, ministry, id); err != nil {
		return err
	}
	if _, err := a.Regional.AddDecision(ctx, ministry, id, regional.DecisionInput{Version: 1,
		Text: "Die Region bildet eine Arbeitsgruppe zur Arbeitsmarktintegration geflüchteter Frauen mit Kinderbetreuung."}); err != nil {
		return err
	}
	return a.Regional.CirculateMinutes(ctx, ministry, id, 1)
}

// demoExchange: announcements by the ministry (statewide) and the
// coordinator, a thread in Braunschweig with a reply that names the demo
// counselor, and a statewide thread.
func (a *App) demoExchange(ctx context.Context, views map[string]regional.Participant) error {
	if _, err := a.Regional.Announce(ctx, views["ministerium@kmn.example"], regional.AnnouncementInput{Title: "Förderaufruf 2027 veröffentlicht",
		Body:   "Der Förderaufruf für die Migrationsberatung 2027 ist veröffentlicht. Anträge bis zum 31. Januar; die Vorlage für den Sachbericht liegt in der landesweiten Bibliothek.",
		Spaces: []string{regional.StateSpace}}); err != nil {
		return err
	}
	if _, err := a.Regional.Announce(ctx, views["region@kmn.example"], regional.AnnouncementInput{Title: "Neuer Ort für das nächste Netzwerktreffen",
		Body: "Das nächste Treffen findet im Rathaus Wolfsburg statt (Sitzungssaal B), online zuschaltbar.", Spaces: []string{"braunschweig"}}); err != nil {
		return err
	}
	thread, err := a.Regional.StartThread(ctx, views["beratung@kmn.example"], "braunschweig", regional.ThreadInput{Title: "Wie geht ihr mit langen Wartezeiten bei der Ausländerbehörde um?",
		Body: "Unsere Klientinnen warten oft acht Wochen auf einen Termin zur Verlängerung. Gibt es bei euch feste Sprechzeiten für Beratungsstellen?"})
	if err != nil {
		return err
	}
	if _, err := a.Regional.Reply(ctx, views["partner@kmn.example"], thread, "@beratung Wir haben mit der Ausländerbehörde eine Mail-Adresse für dringende Fälle vereinbart. Ich schicke sie Ihnen."); err != nil {
		return err
	}
	if _, err := a.Regional.Reply(ctx, views["leitung@kmn.example"], thread, "Bei uns hilft die Fiktionsbescheinigung per Post. Das Konzept dazu liegt in der Bibliothek."); err != nil {
		return err
	}
	_, err = a.Regional.StartThread(ctx, views["region@kmn.example"], regional.StateSpace, regional.ThreadInput{Title: "Erfahrungen mit Online-Beratung im ländlichen Raum",
		Body: "Wer bietet schon Online-Beratung an und wie erreicht ihr Menschen ohne eigenes Gerät?"})
	return err
}
