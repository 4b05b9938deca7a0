package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

var referralIDRe = regexp.MustCompile(`^/referrals/([0-9a-f-]{36})$`)

// referralFixture is the team fixture (counselors a and b in office 1,
// stranger in office 2 "MBE AWO Linden") with an authority on the
// platform and its two partner accounts, a colleague of the stranger, a
// counselor of a third office and a partner of another organisation.
type referralFixture struct {
	teamFixture
	orgID, office2                                     string
	partner, partner2, colleague2, third, otherPartner *apptest.Client
}

func newReferralFixture(t *testing.T) referralFixture {
	t.Helper()
	fx := referralFixture{teamFixture: newTeamFixture(t)}
	srv := fx.srv
	org, err := srv.App.Network.CreateOrganisation(context.Background(), ministryEditor,
		network.OrganisationInput{Name: "Jobcenter Region Hannover", Kind: network.Authority, Authority: "jobcenter", RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	fx.orgID, fx.office2 = org.ID, srv.Office(t, "awo-h-2")
	login := func(email string, role perm.Role, kind perm.ScopeKind, scope string) *apptest.Client {
		c := srv.NewClient(t)
		c.Login(t, srv.CreateAccount(t, email, role, kind, scope))
		return c
	}
	fx.partner = login("p1@jobcenter.example", perm.Partner, perm.Organisation, org.ID)
	fx.partner2 = login("p22@jobcenter.example", perm.Partner, perm.Organisation, org.ID)
	fx.colleague2 = login("dddd@linden.example", perm.Counselor, perm.Office, "awo-h-2")
	fx.third = login("eeeee@third.example", perm.Counselor, perm.Office, "third-office")
	fx.otherPartner = login("ffffff@other.example", perm.Partner, perm.Organisation, "other-org")
	return fx
}

// referralForm is a complete referral form to recipient.
func referralForm(recipient string) url.Values {
	return url.Values{"recipient": {recipient}, "topic": {"work"}, "question": {"Bitte Unterstützung bei der Arbeitssuche"},
		"urgency": {"urgent"}, "categories": {"statistics"}, "message": {"Die Person spricht Arabisch."},
		"respond_by": {teamDay(7)}, "given_on": {teamDay(0)}, "form": {"oral"}}
}

// sendReferral posts form from file id and returns the referral's id.
func sendReferral(t *testing.T, c *apptest.Client, fileID string, form url.Values) string {
	t.Helper()
	resp, body := c.Post(t, "/cases/"+fileID+"/refer", form)
	wantStatus(t, "send referral", resp, body, http.StatusSeeOther)
	m := referralIDRe.FindStringSubmatch(resp.Header.Get("Location"))
	if m == nil {
		t.Fatalf("send referral: redirect to %q", resp.Header.Get("Location"))
	}
	return m[1]
}

func wantNotBody(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, s := range parts {
		if strings.Contains(body, s) {
			t.Errorf("%s shows %q", what, s)
		}
	}
}

func TestReferralJourney(t *testing.T) {
	fx := newReferralFixture(t)
	id := createCase(t, fx.a, fx.officeID)
	const noteMarker, nameMarker = "Notizmarker Qwvx", "Markername Zyxw"
	resp, body := fx.a.Post(t, "/cases/"+id+"/consents", url.Values{"purpose": {"contact_data"}, "given_on": {caseYesterday()}, "form": {"written"}})
	wantStatus(t, "consent", resp, body, 303)
	resp, body = fx.a.Post(t, "/cases/"+id+"/contact-data", url.Values{"name": {nameMarker}, "phone": {"0511 987654"}})
	wantStatus(t, "contact data", resp, body, 303)
	resp, body = fx.a.Post(t, "/cases/"+id+"/contacts", url.Values{"on": {caseYesterday()}, "minutes": {"30"}, "channel": {"phone"}, "note": {noteMarker}})
	wantStatus(t, "contact", resp, body, 303)

	file := caseGet(t, fx.a, "/cases/"+id)
	wantBody(t, "file page", file, `href="/cases/`+id+`/refer"`, "Weitervermittlungen", "Aus dieser Akte wurde noch nicht weitervermittelt.")
	form := caseGet(t, fx.a, "/cases/"+id+"/refer")
	wantBody(t, "referral form", form, `value="organisation:`+fx.orgID+`"`, "Jobcenter Region Hannover – Behörde",
		`value="office:`+fx.office2+`"`, "Die Einwilligung gilt genau für diese Stelle und diese Angaben.",
		"Organisation nicht auf der Plattform", `<optgroup label="Beratungsstellen">`, `name="given_on" type="date" value="`+teamDay(0)+`"`)
	wantNotBody(t, "referral form", form, `value="office:`+fx.officeID+`"`)

	ref := sendReferral(t, fx.a, id, referralForm("organisation:"+fx.orgID))
	page := caseGet(t, fx.a, "/referrals/"+ref)
	wantBody(t, "sender's referral", page, "Die Weitervermittlung wurde gesendet.", "Jobcenter Region Hannover", "gesendet", "dringend",
		"Arbeit und Arbeitssuche", "Bitte Unterstützung bei der Arbeitssuche", "Statistikangaben", `href="/referrals/`+ref+`/withdraw"`,
		`href="/cases/`+id+`#referrals"`)
	wantNotBody(t, "sender's referral", page, "/accept")

	// The partner finds it in the incoming tab and sees the shared
	// statistics, never what was not shared.
	list := caseGet(t, fx.partner, "/referrals")
	wantBody(t, "partner's list", list, "Eingang", `href="/referrals/`+ref+`"`, "MBE AWO Hannover", "Test counselor")
	wantNotBody(t, "partner's list", list, ">Ausgang<")
	page = caseGet(t, fx.partner, "/referrals/"+ref)
	wantBody(t, "partner's referral", page, "Statistikangaben", "1990", "weiblich", "Syrien", "Arabisch",
		"Aufenthalt aus humanitären Gründen", "Bitte Unterstützung bei der Arbeitssuche", "Die Person spricht Arabisch.",
		`action="/referrals/`+ref+`/accept"`, `action="/referrals/`+ref+`/decline"`)
	wantNotBody(t, "partner's referral", page, `/cases/`+id, "/withdraw")
	crawled := crawl(t, fx.partner, "/dashboard", 3, 60, func(path, body string) {
		wantNotBody(t, "partner page "+path, body, noteMarker, nameMarker, "0511 987654")
	})
	if crawled < 4 {
		t.Errorf("partner crawl reached only %d pages", crawled)
	}
	wantBody(t, "sender's file", caseGet(t, fx.a, "/cases/"+id), noteMarker, nameMarker, "Jobcenter Region Hannover")

	resp, body = fx.partner.Post(t, "/referrals/"+ref+"/accept", nil)
	wantStatus(t, "accept", resp, body, 303)
	page = caseGet(t, fx.partner, "/referrals/"+ref)
	wantBody(t, "accepted", page, "Sie haben die Weitervermittlung angenommen.", "angenommen", "Angenommen am",
		`action="/referrals/`+ref+`/complete"`)

	resp, body = fx.partner.Post(t, "/referrals/"+ref+"/complete", url.Values{"outcome": {"unsuccessful"}, "note": {"Termin verpasst"}})
	wantStatus(t, "complete without reason", resp, body, 422)
	wantBody(t, "complete without reason", body, "Bitte einen Grund aus der Liste wählen.", `href="#complete-reason"`,
		`id="complete-reason"`, `aria-invalid="true"`, "Termin verpasst")
	resp, body = fx.partner.Post(t, "/referrals/"+ref+"/complete", url.Values{"outcome": {"unsuccessful"},
		"reason": {"did_not_come"}, "note": {"Termin verpasst, bitte neu melden"}})
	wantStatus(t, "complete", resp, body, 303)

	page = caseGet(t, fx.a, "/referrals/"+ref)
	wantBody(t, "sender after the outcome", page, "abgeschlossen – nicht erfolgreich", "Person ist nicht gekommen",
		"Termin verpasst, bitte neu melden", "Abgeschlossen am")
	wantNotBody(t, "sender after the outcome", page, `/withdraw"`)
	wantBody(t, "file after the outcome", caseGet(t, fx.a, "/cases/"+id), "abgeschlossen – nicht erfolgreich",
		"Termin verpasst, bitte neu melden", `href="/referrals/`+ref+`"`)
	out := caseGet(t, fx.a, "/referrals?tab=out")
	wantBody(t, "outgoing list", out, `href="/referrals/`+ref+`"`, "Jobcenter Region Hannover", "abgeschlossen – nicht erfolgreich")
	wantBody(t, "filtered list", caseGet(t, fx.a, "/referrals?tab=out&state=open"), "Keine Weitervermittlung in diesem Stand.")
}

func TestReferralRefusesBadInput(t *testing.T) {
	fx := newReferralFixture(t)
	id := createCase(t, fx.a, fx.officeID)
	closed := fx.srv.Office(t, "closed-office")
	if _, err := fx.srv.App.DB.Exec(context.Background(), "UPDATE offices SET status = 'closed' WHERE id = ?", closed); err != nil {
		t.Fatal(err)
	}
	to := "office:" + fx.office2
	bad := []struct {
		name, field, value, message, anchor string
	}{
		{"no categories", "categories", "", "Bitte mindestens eine Art von Angaben wählen", "#categories"},
		{"no question", "question", " ", "Bitte die Fragestellung angeben.", "#question"},
		{"own office", "recipient", "office:" + fx.officeID, "An die eigene Beratungsstelle kann nicht weitervermittelt werden.", "#recipient"},
		{"respond by in the past", "respond_by", teamDay(-1), "Der gewünschte Antworttermin liegt in der Vergangenheit.", "#respond_by"},
		{"unreadable date", "respond_by", "morgen", "Bitte ein gültiges Datum angeben", "#respond_by"},
		{"unknown recipient", "recipient", "office:no-such-office", "Diese Stelle gibt es im Verzeichnis nicht (mehr).", "#recipient"},
		{"closed office", "recipient", "office:" + closed, "Diese Beratungsstelle ist geschlossen", "#recipient"},
		{"no recipient", "recipient", "", "Bitte angeben, an wen weitervermittelt wird.", "#recipient"},
		{"external without a name", "recipient", "external", "Bitte den Namen der Stelle angeben", "#recipient"},
		{"contact without contact data", "categories", "contact", "Kontaktdaten können nur weitergegeben werden", "#categories"},
		{"consent in the future", "given_on", teamDay(2), "Das Datum der Einwilligung liegt in der Zukunft.", "#given_on"},
		{"unknown topic", "topic", "no-such-topic", "Bitte ein Thema aus der Liste wählen.", "#topic"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			form := referralForm(to)
			form.Set(tt.field, tt.value)
			resp, body := fx.a.Post(t, "/cases/"+id+"/refer", form)
			wantStatus(t, tt.name, resp, body, 422)
			wantBody(t, tt.name, body, tt.message, `href="`+tt.anchor+`"`, `aria-invalid="true"`, "Die Person spricht Arabisch.")
		})
	}
	wantBody(t, "outgoing list", caseGet(t, fx.a, "/referrals?tab=out"), "Sie haben noch keine Weitervermittlungen gesendet.")
	wantBody(t, "file page", caseGet(t, fx.a, "/cases/"+id), "Noch keine Einwilligungen erfasst.", "Aus dieser Akte wurde noch nicht weitervermittelt.")
	wantBody(t, "recipient's list", caseGet(t, fx.stranger, "/referrals?tab=in"), "Bei Ihnen sind noch keine Weitervermittlungen eingegangen.")

	// Outside the case scope: the colleague of an office with "own"
	// visibility and a counselor elsewhere get 404; partners may not refer.
	for _, c := range []*apptest.Client{fx.b, fx.third} {
		resp, body := c.Get(t, "/cases/"+id+"/refer")
		wantStatus(t, "form out of scope", resp, body, 404)
		resp, body = c.Post(t, "/cases/"+id+"/refer", referralForm(to))
		wantStatus(t, "send out of scope", resp, body, 404)
	}
	resp, body := fx.partner.Get(t, "/cases/"+id+"/refer")
	wantStatus(t, "partner form", resp, body, 403)

	// Nothing is referred from a closed file.
	closedFile := createCase(t, fx.a, fx.officeID)
	resp, body = fx.a.Post(t, "/cases/"+closedFile+"/close", url.Values{"version": {"1"}, "on": {teamDay(0)}, "reason": {"moved"}})
	wantStatus(t, "close", resp, body, 303)
	wantNotBody(t, "closed file", caseGet(t, fx.a, "/cases/"+closedFile), `/refer"`)
	form := caseGet(t, fx.a, "/cases/"+closedFile+"/refer")
	wantBody(t, "form of a closed file", form, "Aus einer abgeschlossenen Akte kann nicht weitervermittelt werden.")
	wantNotBody(t, "form of a closed file", form, `action="/cases/`+closedFile+`/refer"`)
	resp, body = fx.a.Post(t, "/cases/"+closedFile+"/refer", referralForm(to))
	wantStatus(t, "send from a closed file", resp, body, 422)
	wantBody(t, "send from a closed file", body, "Die Akte ist abgeschlossen.", `href="#status"`)
}

func TestReferralAnswersAndScope(t *testing.T) {
	fx := newReferralFixture(t)
	id := createCase(t, fx.a, fx.officeID)
	ref := sendReferral(t, fx.a, id, referralForm("office:"+fx.office2))
	path := "/referrals/" + ref

	wantBody(t, "recipient's list", caseGet(t, fx.stranger, "/referrals"), `href="`+path+`"`, "MBE AWO Hannover")
	resp, body := fx.a.Post(t, path+"/accept", nil)
	wantStatus(t, "sender accepts", resp, body, 404)
	for name, c := range map[string]*apptest.Client{"third office": fx.third, "other partner": fx.otherPartner,
		"sender's colleague": fx.b, "partner of another recipient": fx.partner} {
		resp, body := c.Get(t, path)
		wantStatus(t, name, resp, body, 404)
		resp, body = c.Post(t, path+"/accept", nil)
		wantStatus(t, name+" accepts", resp, body, 404)
	}

	resp, body = fx.stranger.Post(t, path+"/decline", url.Values{"reason": {"nonsense"}})
	wantStatus(t, "decline without a reason", resp, body, 422)
	wantBody(t, "decline without a reason", body, "Bitte einen Grund aus der Liste wählen.", `href="#decline-reason"`)

	resp, body = fx.stranger.Post(t, path+"/accept", nil)
	wantStatus(t, "accept", resp, body, 303)
	resp, body = fx.colleague2.Post(t, path+"/accept", nil)
	wantStatus(t, "second accept", resp, body, 409)
	wantBody(t, "second accept", body, "Jemand anderes hat diese Weitervermittlung inzwischen beantwortet", `href="#state"`, "angenommen")
	resp, body = fx.colleague2.Post(t, path+"/decline", url.Values{"reason": {"no_capacity"}})
	wantStatus(t, "decline after accept", resp, body, 409)

	// The sender withdraws from the confirmation page.
	wantBody(t, "withdraw question", caseGet(t, fx.a, path+"/withdraw"), "MBE AWO Linden", `action="`+path+`/withdraw"`)
	resp, body = fx.stranger.Get(t, path+"/withdraw")
	wantStatus(t, "recipient asks to withdraw", resp, body, 404)
	resp, body = fx.a.Post(t, path+"/withdraw", nil)
	wantStatus(t, "withdraw", resp, body, 303)
	page := caseGet(t, fx.stranger, path)
	wantBody(t, "withdrawn for the recipient", page, "zurückgezogen", "Die Weitervermittlung wurde zurückgezogen – die Angaben sind gelöscht.")
	wantNotBody(t, "withdrawn for the recipient", page, "Syrien", "1990", `action="`+path+`/complete"`)
	resp, body = fx.a.Get(t, path+"/withdraw")
	wantStatus(t, "withdraw again", resp, body, 409)
	wantBody(t, "withdraw again", body, "kann nicht mehr zurückgezogen werden")
}

func TestReferralConsentWithdrawal(t *testing.T) {
	fx := newReferralFixture(t)
	id := createCase(t, fx.a, fx.officeID)
	first := sendReferral(t, fx.a, id, referralForm("organisation:"+fx.orgID))
	var consent string
	if err := fx.srv.App.DB.QueryRow(context.Background(), "SELECT consent_id FROM referrals WHERE id = ?", first).Scan(&consent); err != nil {
		t.Fatal(err)
	}
	resp, body := fx.a.Post(t, "/referrals/"+first+"/withdraw", nil)
	wantStatus(t, "withdraw the first", resp, body, 303)

	// The consent given with the first referral covers a second one to the
	// same recipient with the same data.
	form := caseGet(t, fx.a, "/cases/"+id+"/refer")
	wantBody(t, "form offers the consent", form, `<option value="`+consent+`">`, "Vorhandene Einwilligung: Jobcenter Region Hannover – Statistikangaben")
	second := referralForm("organisation:" + fx.orgID)
	second.Set("consent_id", consent)
	second.Set("categories", "plan")
	resp, body = fx.a.Post(t, "/cases/"+id+"/refer", second)
	wantStatus(t, "consent for other data", resp, body, 422)
	wantBody(t, "consent for other data", body, "Diese Einwilligung gilt nicht für diese Stelle und diese Angaben", `href="#consent_id"`)
	second.Set("categories", "statistics")
	ref := sendReferral(t, fx.a, id, second)
	resp, body = fx.partner.Post(t, "/referrals/"+ref+"/accept", nil)
	wantStatus(t, "accept", resp, body, 303)
	wantBody(t, "partner before the withdrawal", caseGet(t, fx.partner, "/referrals/"+ref), "Syrien")

	// Withdrawing the consent on the file page revokes the referral.
	file := caseGet(t, fx.a, "/cases/"+id)
	withdraw := "/cases/" + id + "/consents/" + consent + "/withdraw"
	wantBody(t, "file page", file, `href="`+withdraw+`"`, "Weitervermittlung (Jobcenter Region Hannover)")
	resp, body = fx.a.Post(t, withdraw, url.Values{"withdrawn_on": {""}})
	wantStatus(t, "withdraw consent", resp, body, 303)
	for name, c := range map[string]*apptest.Client{"partner": fx.partner, "sender": fx.a} {
		page := caseGet(t, c, "/referrals/"+ref)
		wantBody(t, name, page, "Einwilligung widerrufen – die Angaben sind gelöscht.", "Einwilligung widerrufen am")
		wantNotBody(t, name, page, "Syrien", "1990", `action="/referrals/`+ref+`/complete"`)
	}
	wantBody(t, "first referral", caseGet(t, fx.a, "/referrals/"+first), "zurückgezogen · Einwilligung widerrufen")
	wantBody(t, "partner's list", caseGet(t, fx.partner, "/referrals?state=revoked"), `href="/referrals/`+ref+`"`)
	wantBody(t, "file page after", caseGet(t, fx.a, "/cases/"+id), "Einwilligung widerrufen")
}

func TestReferralToExternalAndInEnglish(t *testing.T) {
	fx := newReferralFixture(t)
	id := createCase(t, fx.a, fx.officeID)
	form := referralForm("external")
	form.Set("external_name", "Tafel Linden e. V.")
	form.Del("respond_by")
	ref := sendReferral(t, fx.a, id, form)
	page := caseGet(t, fx.a, "/referrals/"+ref)
	wantBody(t, "external referral", page, "Tafel Linden e. V. (nicht auf der Plattform)", `action="/referrals/`+ref+`/complete"`, "Ergebnis eintragen")
	wantNotBody(t, "external referral", page, "/accept")
	resp, body := fx.a.Post(t, "/referrals/"+ref+"/complete", url.Values{"outcome": {"successful"}, "note": {"Hat geklappt"}})
	wantStatus(t, "record the outcome", resp, body, 303)
	wantBody(t, "after the outcome", caseGet(t, fx.a, "/referrals/"+ref), "abgeschlossen – erfolgreich", "Hat geklappt")

	resp, body = fx.a.Post(t, "/language", url.Values{"lang": {"en"}, "back": {"/referrals"}})
	wantStatus(t, "switch to English", resp, body, 303)
	wantBody(t, "English list", caseGet(t, fx.a, "/referrals?tab=out"), "Outgoing", "completed – successful", "(not on the platform)")
	wantBody(t, "English form", caseGet(t, fx.a, "/cases/"+id+"/refer"), "The consent covers exactly this recipient and these data.",
		"Organisation not on the platform", "Send referral")
}

// TestReferralLetter: the sender downloads the letter of an open referral
// as a PDF; the recipient and closed referrals get 404.
func TestReferralLetter(t *testing.T) {
	fx := newReferralFixture(t)
	id := createCase(t, fx.a, fx.officeID)
	form := referralForm("external")
	form.Set("external_name", "Sprachschule Am Markt")
	ref := sendReferral(t, fx.a, id, form)
	wantBody(t, "referral page", caseGet(t, fx.a, "/referrals/"+ref), `href="/referrals/`+ref+`/letter"`)
	resp, body := fx.a.Get(t, "/referrals/"+ref+"/letter")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("letter: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if cd := resp.Header.Get("Content-Disposition"); strings.Contains(cd, "KMN-") {
		t.Errorf("the download's name carries the file code: %s", cd)
	}
	org := sendReferral(t, fx.a, id, referralForm("organisation:"+fx.orgID))
	resp, _ = fx.partner.Get(t, "/referrals/"+org+"/letter")
	wantStatus(t, "the recipient's letter", resp, "", 404)
	if resp, body := fx.a.Post(t, "/referrals/"+ref+"/complete", url.Values{"outcome": {"successful"}}); resp.StatusCode != 303 {
		t.Fatalf("complete: %d %s", resp.StatusCode, body)
	}
	resp, _ = fx.a.Get(t, "/referrals/"+ref+"/letter")
	wantStatus(t, "a completed referral's letter", resp, "", 404)
}

// TestReferralDashboard: the partner's dashboard counts the referrals
// waiting for its organisation and links to them.
func TestReferralDashboard(t *testing.T) {
	fx := newReferralFixture(t)
	wantNotBody(t, "the counselor's dashboard", caseGet(t, fx.a, "/dashboard"), `href="/referrals?tab=in&amp;state=open"><strong>1`)
	id := createCase(t, fx.a, fx.officeID)
	sendReferral(t, fx.a, id, referralForm("organisation:"+fx.orgID))
	wantBody(t, "the partner's dashboard", caseGet(t, fx.partner, "/dashboard"), "Eingegangene Weitervermittlungen",
		`href="/referrals?tab=in&amp;state=open"><strong>1</strong> offen`, `href="/referrals"`)
}

// TestReferralDrafts: a draft is saved without consent, unseen by the
// recipient, sent from its page with the consent, or discarded.
func TestReferralDrafts(t *testing.T) {
	fx := newReferralFixture(t)
	id := createCase(t, fx.a, fx.officeID)
	form := referralForm("organisation:" + fx.orgID)
	form.Del("given_on")
	form.Set("draft", "1")
	ref := sendReferral(t, fx.a, id, form)
	resp, _ := fx.partner.Get(t, "/referrals/"+ref)
	wantStatus(t, "the recipient opens a draft", resp, "", 404)
	page := caseGet(t, fx.a, "/referrals/"+ref)
	wantBody(t, "the draft", page, "Entwurf gespeichert", `action="/referrals/`+ref+`/send"`, `action="/referrals/`+ref+`/discard"`)
	resp, body := fx.a.Post(t, "/referrals/"+ref+"/send", url.Values{"given_on": {"kein Datum"}, "form": {"oral"}})
	wantStatus(t, "send with a bad date", resp, body, 422)
	resp, body = fx.a.Post(t, "/referrals/"+ref+"/send", url.Values{"given_on": {teamDay(0)}, "form": {"oral"}})
	wantStatus(t, "send the draft", resp, body, 303)
	wantBody(t, "the partner reads the sent draft", caseGet(t, fx.partner, "/referrals/"+ref), "Bitte Unterstützung bei der Arbeitssuche")
	resp, body = fx.a.Post(t, "/referrals/"+ref+"/discard", nil)
	wantStatus(t, "discard a sent referral", resp, body, 409)

	other := sendReferral(t, fx.a, id, form)
	resp, body = fx.a.Post(t, "/referrals/"+other+"/discard", nil)
	wantStatus(t, "discard", resp, body, 303)
	resp, _ = fx.a.Get(t, "/referrals/"+other)
	wantStatus(t, "a discarded draft", resp, "", 404)
}
