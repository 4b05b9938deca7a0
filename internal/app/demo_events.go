package app

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/event"
)

// demoEvents has the demo region coordinator announce trainings: one for
// school staff that is full with a waitlist, one online for counselors
// with free places, and a draft. Registrations go through the store as a
// browser's would (confirmation included).
func (a *App) demoEvents(ctx context.Context, coordinator *auth.User) error {
	p, err := a.Auth.PrincipalOf(ctx, coordinator.ID, auth.Client{IP: "127.0.0.1", UserAgent: "kmn demo"})
	if err != nil {
		return err
	}
	day := a.Clock.Today()
	at := func(days, hour int) time.Time {
		d := day.AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, clock.Berlin()).UTC()
	}
	plans := []struct {
		in       event.Input
		publish  bool
		register []string
	}{
		{event.Input{Audience: "school", Format: "in_person", Address: "Braunschweig, Haus der Kulturen, Am Nordbahnhof 1", Lang: "de",
			Capacity: 2, Cost: "kostenfrei", Accessibility: "Stufenloser Zugang, Induktionsschleife", Contact: "region@kmn.example",
			Texts: map[string]event.Text{"de": {Title: "Interkulturelle Kompetenz in der Schule", Description: "Ein Vormittag für Lehrkräfte und Schulsozialarbeit: Familien mit Migrationsgeschichte verstehen, Elterngespräche mit Sprachmittlung führen."},
				"en": {Title: "Intercultural competence at school"}},
			Dates: []event.Date{{Start: at(12, 9), End: at(12, 13)}}, RegistrationCloses: at(10, 23)}, true,
			[]string{"schule.a@example.org", "schule.b@example.org", "schule.c@example.org"}},
		{event.Input{Audience: "counselors", Format: "online", OnlineLink: "https://meet.example.org/kmn-aufenthaltsrecht", Lang: "de",
			Capacity: 25, Cost: "kostenfrei", Contact: "region@kmn.example",
			Texts: map[string]event.Text{"de": {Title: "Aufenthaltsrecht kompakt: Neuerungen 2027", Description: "Online-Fortbildung für Beratende in MBE und JMD."}},
			Dates: []event.Date{{Start: at(20, 14), End: at(20, 16)}}, RegistrationCloses: at(19, 12)}, true,
			[]string{"beratung.x@example.org"}},
		{event.Input{Audience: "migrants", Format: "in_person", Address: "Wolfsburg, Stadtteiltreff Westhagen", Lang: "ar", Capacity: 30,
			Texts: map[string]event.Text{"de": {Title: "Infoabend: Arbeit und Anerkennung"}},
			Dates: []event.Date{{Start: at(30, 18), End: at(30, 20)}}, RegistrationCloses: at(29, 12)}, false, nil},
	}
	for _, pl := range plans {
		id, err := a.Events.Create(ctx, p, pl.in, coordinator.ScopeID)
		if err != nil {
			return fmt.Errorf("app: demo event: %w", err)
		}
		if !pl.publish {
			continue
		}
		if err := a.Events.Publish(ctx, p, id); err != nil {
			return err
		}
		for i, addr := range pl.register {
			token, err := a.Events.Register(ctx, id, event.RegistrationInput{Name: fmt.Sprintf("Teilnehmende %d", i+1), Email: addr,
				Organisation: "Schule am Park", Role: "Lehrkraft", Lang: "de", Consent: true})
			if err != nil {
				return err
			}
			if _, err := a.Events.Confirm(ctx, token); err != nil {
				return err
			}
		}
	}
	return nil
}
