package auth

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// SSOProvider is an organisation's OpenID Connect identity provider.
type SSOProvider struct {
	ID, Name, Issuer, ClientID string
	// Domains are the e-mail domains whose staff sign in there.
	Domains []string
	// IdPMFA: the provider's multi-factor claim (amr) counts as the
	// second factor, so no code is asked for after it.
	IdPMFA bool
}

// SSOProviderInput is what an admin enters for a provider; an empty
// ClientSecret keeps the stored one.
type SSOProviderInput struct {
	Name, Issuer, ClientID, ClientSecret string
	Domains                              []string
	IdPMFA                               bool
}

func (in *SSOProviderInput) check(isNew bool) valid.Errors {
	var e valid.Errors
	in.Name, in.Issuer, in.ClientID = strings.TrimSpace(in.Name), strings.TrimRight(strings.TrimSpace(in.Issuer), "/"), strings.TrimSpace(in.ClientID)
	if n := utf8.RuneCountInString(in.Name); n == 0 || n > 100 {
		e.Add("name", "sso.name_required")
	}
	if u, err := url.Parse(in.Issuer); err != nil || u.Host == "" || (u.Scheme != "https" && !localHost(u.Hostname())) {
		e.Add("issuer", "sso.issuer_invalid")
	}
	if in.ClientID == "" || len(in.ClientID) > 200 {
		e.Add("client_id", "sso.client_id_required")
	}
	if (isNew && in.ClientSecret == "") || len(in.ClientSecret) > 500 {
		e.Add("client_secret", "sso.client_secret_required")
	}
	var domains []string
	for _, d := range in.Domains {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" {
			continue
		}
		if !strings.Contains(d, ".") || strings.ContainsAny(d, " @/") || len(d) > 100 {
			e.Add("domains", "sso.domains_invalid")
			break
		}
		domains = append(domains, d)
	}
	if len(domains) == 0 || len(domains) > 20 {
		e.Add("domains", "sso.domains_invalid")
	}
	in.Domains = slices.Compact(slices.Sorted(slices.Values(domains)))
	return e
}

// localHost allows a plain-HTTP issuer on this machine (tests, trials).
func localHost(h string) bool { return h == "localhost" || h == "127.0.0.1" || h == "::1" }

// SaveSSOProvider creates (id "") or changes a provider; audited, without
// the secret.
func (s *Service) SaveSSOProvider(ctx context.Context, p Principal, id string, in SSOProviderInput) (string, error) {
	if e := in.check(id == ""); len(e) > 0 {
		return "", e
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if id == "" {
			id = uuid.Must(uuid.NewV7()).String()
			_, err := tx.Exec(ctx, `INSERT INTO sso_providers (id, name, issuer, client_id, client_secret_enc, domains, idp_mfa, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, in.Name, in.Issuer, in.ClientID, s.keys.Encrypt([]byte(in.ClientSecret), ssoSecretAAD(id)),
				strings.Join(in.Domains, ","), in.IdPMFA, now, now)
			if db.IsUniqueViolation(err) {
				return valid.Errors{{Field: "issuer", Key: "sso.issuer_taken"}}
			}
			if err != nil {
				return fmt.Errorf("auth: sso provider: %w", err)
			}
		} else if err := s.updateSSOProvider(ctx, tx, id, in, now); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "auth.sso_provider", audit.ResultSuccess, "sso_provider", id, map[string]string{"issuer": in.Issuer})
	})
	return id, err
}

func (s *Service) updateSSOProvider(ctx context.Context, tx *db.Tx, id string, in SSOProviderInput, now any) error {
	res, err := tx.Exec(ctx, `UPDATE sso_providers SET name = ?, issuer = ?, client_id = ?, domains = ?, idp_mfa = ?, updated_at = ? WHERE id = ?`,
		in.Name, in.Issuer, in.ClientID, strings.Join(in.Domains, ","), in.IdPMFA, now, id)
	if err != nil {
		return fmt.Errorf("auth: sso provider: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return db.ErrNotFound
	}
	if in.ClientSecret != "" {
		if _, err := tx.Exec(ctx, `UPDATE sso_providers SET client_secret_enc = ? WHERE id = ?`, s.keys.Encrypt([]byte(in.ClientSecret), ssoSecretAAD(id)), id); err != nil {
			return fmt.Errorf("auth: sso provider: %w", err)
		}
	}
	return nil
}

func ssoSecretAAD(id string) string { return "sso_providers.client_secret:" + id }

// SSOProviders lists the configured providers by name.
func (s *Service) SSOProviders(ctx context.Context) ([]SSOProvider, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, issuer, client_id, domains, idp_mfa FROM sso_providers ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("auth: sso providers: %w", err)
	}
	defer rows.Close()
	var out []SSOProvider
	for rows.Next() {
		var p SSOProvider
		var domains string
		if err := rows.Scan(&p.ID, &p.Name, &p.Issuer, &p.ClientID, &domains, &p.IdPMFA); err != nil {
			return nil, fmt.Errorf("auth: sso providers: %w", err)
		}
		p.Domains = strings.Split(domains, ",")
		out = append(out, p)
	}
	return out, rows.Err()
}

// ssoProvider reads one provider with its client secret.
func (s *Service) ssoProvider(ctx context.Context, q db.Querier, id string) (*SSOProvider, string, error) {
	var p SSOProvider
	var domains, enc string
	err := q.QueryRow(ctx, `SELECT id, name, issuer, client_id, domains, idp_mfa, client_secret_enc FROM sso_providers WHERE id = ?`, id).
		Scan(&p.ID, &p.Name, &p.Issuer, &p.ClientID, &domains, &p.IdPMFA, &enc)
	if err != nil {
		return nil, "", ErrSSO
	}
	p.Domains = strings.Split(domains, ",")
	secret, err := s.keys.Decrypt(enc, ssoSecretAAD(id))
	if err != nil {
		return nil, "", fmt.Errorf("auth: sso secret: %w", err)
	}
	return &p, string(secret), nil
}
