package mso_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// TestConsentAndDirectory: consent needs a profile; the directory lists
// an MSO that agreed (with its filters) and hides it at once when the
// consent is withdrawn.
func TestConsentAndDirectory(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		var problems valid.Errors
		if err := fx.s.SetConsent(ctx, fx.region, fx.hannover, true); !errors.As(err, &problems) || !problems.Has("public") {
			t.Fatalf("consent without a profile: %v", err)
		}
		if err := fx.s.SetConsent(ctx, fx.counselor, fx.hannover, true); !errors.Is(err, mso.ErrForbidden) {
			t.Errorf("a counselor records consent: %v", err)
		}
		for _, id := range []string{fx.hannover, fx.braunschweig} {
			if err := fx.s.SaveProfile(ctx, fx.ministry, id, 0, profile); err != nil {
				t.Fatal(err)
			}
		}
		if err := fx.s.SetConsent(ctx, fx.region, fx.hannover, true); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.SetConsent(ctx, fx.region, fx.hannover, true); !errors.Is(err, mso.ErrStale) {
			t.Errorf("second click: %v", err)
		}
		m, _ := fx.s.Get(ctx, fx.region, fx.hannover)
		if !m.Profile.Public || m.Profile.ConsentAt == nil || m.Profile.ConsentByName == "" {
			t.Errorf("consent not recorded: %+v", m.Profile)
		}
		filters := []struct {
			f    mso.DirectoryFilter
			want int
		}{{mso.DirectoryFilter{}, 1}, {mso.DirectoryFilter{Lang: "ar"}, 1}, {mso.DirectoryFilter{Lang: "tr"}, 0},
			{mso.DirectoryFilter{RegionID: "hannover"}, 1}, {mso.DirectoryFilter{RegionID: "braunschweig"}, 0}}
		for _, c := range filters {
			d, err := fx.s.PublicDirectory(ctx, c.f)
			if err != nil || len(d.Entries) != c.want || len(d.Regions) != 1 {
				t.Errorf("directory %+v: %d entries, %d regions, %v", c.f, len(d.Entries), len(d.Regions), err)
			}
		}
		if _, err := fx.s.PublicProfile(ctx, fx.braunschweig); !errors.Is(err, mso.ErrNotFound) {
			t.Errorf("a profile without consent is public: %v", err)
		}
		if err := fx.s.SetConsent(ctx, fx.region, fx.hannover, false); err != nil {
			t.Fatal(err)
		}
		if d, _ := fx.s.PublicDirectory(ctx, mso.DirectoryFilter{}); len(d.Entries) != 0 {
			t.Error("withdrawn consent still listed")
		}
		if _, err := fx.s.PublicProfile(ctx, fx.hannover); !errors.Is(err, mso.ErrNotFound) {
			t.Errorf("withdrawn profile: %v", err)
		}
	})
}

// TestSupportRequest: a counselor opens a request for an MSO of the
// region, its coordinator works it with status and notes (sealed in the
// database), another region never sees it, bad input changes nothing.
func TestSupportRequest(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		bad := []struct {
			field string
			in    mso.RequestInput
		}{
			{"kind", mso.RequestInput{Kind: "money", Subject: "Förderung"}},
			{"subject", mso.RequestInput{Kind: "premises", Subject: "  "}},
		}
		for _, c := range bad {
			var problems valid.Errors
			if _, err := fx.s.OpenRequest(ctx, fx.counselor, fx.hannover, c.in); !errors.As(err, &problems) || !problems.Has(c.field) {
				t.Errorf("%s: %v", c.field, err)
			}
		}
		if _, err := fx.s.OpenRequest(ctx, fx.counselor, fx.braunschweig, mso.RequestInput{Kind: "premises", Subject: "Raum"}); !errors.Is(err, mso.ErrNotFound) {
			t.Errorf("another region's MSO: %v", err)
		}
		id, err := fx.s.OpenRequest(ctx, fx.counselor, fx.hannover, mso.RequestInput{Kind: "founding", Subject: "Vereinsgründung Satzung", Note: "Erstes Gespräch am Montag"})
		if err != nil {
			t.Fatal(err)
		}
		var raw string
		if err := fx.srv.App.DB.QueryRow(ctx, "SELECT subject_enc FROM mso_requests WHERE id = ?", id).Scan(&raw); err != nil || raw == "Vereinsgründung Satzung" {
			t.Errorf("subject not sealed: %q %v", raw, err)
		}
		if _, err := fx.s.Request(ctx, fx.other, id); !errors.Is(err, mso.ErrNotFound) {
			t.Errorf("another region's coordinator: %v", err)
		}
		r, err := fx.s.Request(ctx, fx.region, id)
		if err != nil || r.Subject != "Vereinsgründung Satzung" || r.Status != mso.Open || len(r.Timeline) != 1 || r.Timeline[0].Body != "Erstes Gespräch am Montag" {
			t.Fatalf("request: %+v %v", r, err)
		}
		var problems valid.Errors
		if err := fx.s.UpdateRequest(ctx, fx.region, id, r.Version, mso.Open, ""); !errors.As(err, &problems) || !problems.Has("note") {
			t.Errorf("empty update: %v", err)
		}
		if err := fx.s.UpdateRequest(ctx, fx.region, id, r.Version, "lost", "x"); !errors.As(err, &problems) || !problems.Has("status") {
			t.Errorf("unknown status: %v", err)
		}
		if err := fx.s.UpdateRequest(ctx, fx.region, id, r.Version, mso.InProgress, "Satzungsentwurf geschickt"); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.UpdateRequest(ctx, fx.region, id, r.Version, mso.Done, ""); !errors.Is(err, mso.ErrStale) {
			t.Errorf("stale version: %v", err)
		}
		r, _ = fx.s.Request(ctx, fx.ministry, id)
		if r.Status != mso.InProgress || len(r.Timeline) != 2 || r.Timeline[1].Status != mso.InProgress || r.Timeline[1].Author == "" {
			t.Errorf("after update: %+v", r)
		}
		list, err := fx.s.Requests(ctx, fx.counselor, fx.hannover)
		if err != nil || len(list) != 1 || list[0].Organisation == "" {
			t.Errorf("requests of the MSO: %+v %v", list, err)
		}
		if m, _ := fx.s.Get(ctx, fx.region, fx.hannover); m.OpenRequests != 1 {
			t.Errorf("open requests: %d", m.OpenRequests)
		}
	})
}
