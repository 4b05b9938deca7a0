package app

import (
	"context"

	"github.com/kmn-niedersachsen/kmn/internal/demo"
)

// demoStatsClients are the files the demo spreads over the other offices
// so that the statistics have a state to show: enough for most cells of
// a region to be published, few enough that small offices show
// suppressed cells ("·") too.
const demoStatsClients = 4000

// demoStatistics adds the statewide files (two contacts each on average)
// to every office with staff but the demo office, whose caseload the
// case pages show as it is.
func (a *App) demoStatistics(ctx context.Context, demoOffice string) error {
	_, err := demo.GenerateClients(ctx, a.Cases, demo.ClientOptions{Clients: demoStatsClients, ContactsPerClient: 2,
		Today: a.Clock.Now(), Seed: 7, SkipOffices: []string{demoOffice}})
	return err
}
