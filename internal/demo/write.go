package demo

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// writer carries out a plan through the stores and counts what it created.
type writer struct {
	d         Deps
	p         plan
	st        Stats
	orgIDs    []string
	officeIDs []string
}

func (w *writer) run(ctx context.Context) error {
	for _, step := range []func(context.Context) error{w.orgs, w.offices, w.posts, w.regions, w.staff} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// orgs creates the organisations. Ones that exist with the same external id
// (left by an interrupted run) are reused instead of duplicated.
func (w *writer) orgs(ctx context.Context) error {
	existing, err := w.existingOrgs(ctx)
	if err != nil {
		return err
	}
	w.orgIDs = make([]string, len(w.p.orgs))
	for i, op := range w.p.orgs {
		if id, ok := existing[op.in.ExternalID]; ok {
			w.orgIDs[i] = id
			continue
		}
		in := op.in
		if op.parent >= 0 {
			in.ParentID = w.orgIDs[op.parent]
		}
		org, err := w.d.Network.CreateOrganisation(ctx, editor, in)
		if err != nil {
			return fmt.Errorf("demo: organisation %q: %w", in.Name, err)
		}
		w.orgIDs[i] = org.ID
		w.st.Organisations++
		switch in.Kind {
		case network.Authority:
			w.st.Authorities++
		case network.MSO:
			w.st.MSOs++
		}
	}
	return nil
}

func (w *writer) existingOrgs(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	for offset := 0; ; offset += 500 {
		page, _, err := w.d.Network.ListOrganisations(ctx, network.OrgFilter{}, network.Page{Offset: offset, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, o := range page {
			if o.ExternalID != "" {
				out[o.ExternalID] = o.ID
			}
		}
		if len(page) < 500 {
			return out, nil
		}
	}
}

func (w *writer) offices(ctx context.Context) error {
	w.officeIDs = make([]string, len(w.p.offices))
	for i, op := range w.p.offices {
		in := op.in
		in.OrganisationID = w.orgIDs[op.org]
		o, err := w.d.Network.CreateOffice(ctx, editor, in, w.d.Geo)
		if err != nil {
			return fmt.Errorf("demo: office %q: %w", in.Name, err)
		}
		w.officeIDs[i] = o.ID
		w.st.Offices++
		for _, p := range o.Programs {
			w.st.OfficesByProgram[p]++
		}
	}
	return nil
}

func (w *writer) posts(ctx context.Context) error {
	for _, pp := range w.p.posts {
		in := pp.in
		in.OrganisationID = w.orgIDs[pp.org]
		if pp.office >= 0 {
			in.OfficeID = w.officeIDs[pp.office]
		}
		if _, err := w.d.Network.CreatePost(ctx, editor, in); err != nil {
			return fmt.Errorf("demo: %s post: %w", in.ProgramID, err)
		}
		w.st.Posts++
		w.st.PostsByProgram[in.ProgramID]++
		w.st.FTEHundredths += in.FTEHundredths
	}
	return nil
}

// regions sets each region's coordinating organisation, keeping its name
// and seat, and adds the contact persons.
func (w *writer) regions(ctx context.Context) error {
	for id, org := range sortedKeys(w.p.coordinators) {
		r, err := w.d.Network.Region(ctx, id)
		if err != nil {
			return err
		}
		in := network.RegionInput{Name: r.Name, Seat: r.Seat, Email: r.Email, Phone: r.Phone, CoordinatorID: w.orgIDs[org]}
		if in.Email == "" {
			in.Email = "regionalverbund." + slug(r.Name) + "@example.org"
		}
		if err := w.d.Network.UpdateRegion(ctx, editor, id, r.UpdatedAt, in); err != nil {
			return fmt.Errorf("demo: region %s: %w", id, err)
		}
		w.st.Coordinators++
	}
	for _, c := range w.p.contacts {
		if err := w.d.Network.AddContact(ctx, editor, c.region, c.c); err != nil {
			return fmt.Errorf("demo: contact of %s: %w", c.region, err)
		}
		w.st.Contacts++
	}
	return nil
}

// staff creates the accounts; an e-mail that exists already is skipped.
func (w *writer) staff(ctx context.Context) error {
	for _, sp := range w.p.staff {
		n := sp.user
		n.ScopeID = w.officeIDs[sp.office]
		_, _, err := w.d.Auth.CreateUser(ctx, n, actor)
		if emailTaken(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("demo: staff %s: %w", n.Email, err)
		}
		w.st.Staff++
	}
	return nil
}

func emailTaken(err error) bool {
	var problems valid.Errors
	if !errors.As(err, &problems) {
		return false
	}
	p, ok := problems.For("email")
	return ok && p.Key == auth.ErrEmailTaken[0].Key
}

// sortedKeys iterates a map in key order.
func sortedKeys[V any](m map[string]V) iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}
