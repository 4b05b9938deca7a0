package web_test

import (
	"context"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
)

// loginDemo signs in as the demo account app.DemoAccounts[i] (password
// and TOTP) on a server with the demo loaded.
func loginDemo(t *testing.T, srv *apptest.Server, i int) *apptest.Client {
	t.Helper()
	d := app.DemoAccounts[i]
	u, err := auth.UserByEmail(context.Background(), srv.App.DB, d.Email)
	if err != nil {
		t.Fatal(err)
	}
	c := srv.NewClient(t)
	c.Login(t, apptest.Account{User: u, Password: d.Password, TOTPSecret: d.TOTPSecret})
	return c
}
