package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// demoMSORegions are the regions whose first MSO gets a profile: the demo
// coordinator's and the demo office's first, so their accounts see some.
var demoMSORegions = []string{"braunschweig", "hannover", "osnabrueck-emsland", "ostfriesland", "suedniedersachsen"}

// demoMSOProfiles are invented profiles, in the order of the regions; the
// first three agreed to the public directory.
var demoMSOProfiles = []mso.ProfileInput{
	{Description: "Beratung, Begegnung und Hausaufgabenhilfe für Familien aus Syrien und dem Irak.", Communities: "Syrische und irakische Familien",
		Activities: "Hausaufgabenhilfe, Frauencafé, Begleitung zu Ämtern", Languages: []string{"ar", "de", "ku"}, Email: "kontakt@brueckenschlag.example", Phone: "0531 2345670"},
	{Description: "Selbsthilfe ukrainischer Geflüchteter: Ankommen, Sprache, Arbeit.", Communities: "Ukrainische Geflüchtete",
		Activities: "Sprachcafé, Jobbörse, Kinderbetreuung", Languages: []string{"de", "ru", "uk"}, Website: "https://mriya.example"},
	{Description: "Kulturverein mit Elternarbeit und Beratung zu Schule und Ausbildung.", Communities: "Türkei- und kurdischstämmige Familien",
		Activities: "Elternabende, Nachhilfe, Musikgruppe", Languages: []string{"de", "ku", "tr"}, Email: "info@kulturbruecke.example"},
	{Description: "Afghanischer Frauenverein: Austausch, Alphabetisierung und Begleitung.", Communities: "Afghanische Frauen",
		Activities: "Alphabetisierungskurs, Nähwerkstatt", Languages: []string{"fa", "prs", "ps"}},
	{Description: "Netzwerk westafrikanischer Vereine im Aufbau.", Communities: "Westafrikanische Communities",
		Activities: "Vernetzung, Feste", Languages: []string{"en", "fr", "wo"}},
}

// demoMSOs gives five MSOs of different regions a profile (three in the
// public directory) and support requests in every state with notes.
func (a *App) demoMSOs(ctx context.Context, users map[string]*auth.User) error {
	client := auth.Client{IP: "127.0.0.1", UserAgent: "kmn demo"}
	ministry, err := a.Auth.PrincipalOf(ctx, users["ministerium@kmn.example"].ID, client)
	if err != nil {
		return err
	}
	orgs, err := a.demoMSOOrgs(ctx)
	if err != nil {
		return err
	}
	for i, org := range orgs {
		if err := a.MSO.SaveProfile(ctx, ministry, org.ID, 0, demoMSOProfiles[i]); err != nil {
			return fmt.Errorf("profile of %s: %w", org.Name, err)
		}
		if i < 3 {
			if err := a.MSO.SetConsent(ctx, ministry, org.ID, true); err != nil {
				return err
			}
		}
	}
	return a.demoMSORequests(ctx, ministry, orgs)
}

// demoMSOOrgs picks the first MSO (by name) of each demo region.
func (a *App) demoMSOOrgs(ctx context.Context) ([]network.MSOOrg, error) {
	all, _, err := network.MSOs(ctx, a.DB, network.MSOScope{All: true}, network.Page{Limit: 500})
	if err != nil {
		return nil, err
	}
	var out []network.MSOOrg
	for _, region := range demoMSORegions {
		if i := slices.IndexFunc(all, func(o network.MSOOrg) bool { return o.RegionID == region }); i >= 0 {
			out = append(out, all[i])
		}
	}
	return out, nil
}

// demoMSORequests: one request per state, each with notes.
func (a *App) demoMSORequests(ctx context.Context, p auth.Principal, orgs []network.MSOOrg) error {
	plans := []struct {
		kind, subject, note string
		steps               []string // status changes after opening
	}{
		{"funding_advice", "Förderantrag Integrationsfonds 2027", "Verein fragt nach Fristen und Eigenanteil.", nil},
		{"founding", "Gründung als eingetragener Verein", "Satzungsentwurf liegt vor.", []string{mso.InProgress}},
		{"premises", "Raum für das Sprachcafé", "Gemeindehaus angefragt.", []string{mso.InProgress, mso.Done}},
		{"training", "Schulung Vereinsbuchhaltung", "Termin im Frühjahr gewünscht.", []string{mso.Declined}},
		{"other", "Kontakt zur Ausländerbehörde", "", []string{mso.InProgress}},
	}
	for i, pl := range plans {
		org := orgs[i%len(orgs)]
		id, err := a.MSO.OpenRequest(ctx, p, org.ID, mso.RequestInput{Kind: pl.kind, Subject: pl.subject, Note: pl.note})
		if err != nil {
			return fmt.Errorf("request %s: %w", pl.subject, err)
		}
		for step, status := range pl.steps {
			if err := a.MSO.UpdateRequest(ctx, p, id, step+1, status, demoMSONotes[status]); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoMSONotes go with the demo requests' status changes.
var demoMSONotes = map[string]string{
	mso.InProgress: "Erstes Gespräch geführt, Unterlagen angefordert.",
	mso.Done:       "Raum ab nächstem Monat dienstags verfügbar.",
	mso.Declined:   "Angebot der Landesebene empfohlen; keine eigene Schulung geplant.",
}
