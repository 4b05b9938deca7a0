package app

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/asbrowser"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// Demo online counseling: the passphrase of the demo counselors' keys and
// the demo client's login (README, "Demo accounts").
const (
	DemoKeyPassphrase  = "demo-schluessel-online"
	DemoOnlineNickname = "Sonnenblume"
	DemoOnlinePassword = "demo-passwort-online"
)

// demoOnline opens the demo office for online enquiries, gives the demo
// counselor and lead their keys and writes the demo client's conversations
// in every state: waiting, answered, closed with its deletion date. The
// messages are encrypted here, in Go, with the protocol the browsers use
// (internal/online/e2e): the demo has no plaintext on the server either.
func (a *App) demoOnline(ctx context.Context, counselor, lead *auth.User) error {
	client := auth.Client{IP: "127.0.0.1", UserAgent: "kmn demo"}
	pc, err := a.Auth.PrincipalOf(ctx, counselor.ID, client)
	if err != nil {
		return err
	}
	pl, err := a.Auth.PrincipalOf(ctx, lead.ID, client)
	if err != nil {
		return err
	}
	if err := a.Online.SetOfficeSettings(ctx, pl, online.OfficeSettings{OfficeID: counselor.ScopeID, Programs: online.Programs(),
		Welcome: "Willkommen in der Online-Beratung der Migrationsberatung Hannover-Mitte. Wir antworten werktags innerhalb von zwei Tagen."}); err != nil {
		return err
	}
	for _, p := range []auth.Principal{pc, pl} {
		if _, err := asbrowser.StaffKey(ctx, a.Online, p, DemoKeyPassphrase); err != nil {
			return err
		}
	}
	me, err := asbrowser.SignUp(ctx, a.Online, DemoOnlineNickname, DemoOnlinePassword, "ar")
	if err != nil {
		return err
	}
	w := demoWriter{a: a, me: me, counselor: pc}
	return w.conversations(ctx)
}

// demoWriter writes the demo conversations.
type demoWriter struct {
	a         *App
	me        asbrowser.Client
	counselor auth.Principal
}

// demoThread is one demo conversation: the enquiry, the messages (the
// client's first, then the counselor and the client by turns) and whether
// the counselor took and closed it.
type demoThread struct {
	enquiry online.Enquiry
	texts   []string
	take    bool
	close   bool
}

var demoThreads = []demoThread{
	{online.Enquiry{Topic: "residence_law", Postcode: "30159", AgeGroup: online.AgeAdult, Lang: "ar"}, []string{
		"مرحباً، تصريح إقامتي ينتهي بعد شهرين. متى يجب أن أقدم طلب التمديد؟",
		"Guten Tag, danke für Ihre Frage. Bitte stellen Sie den Antrag spätestens sechs Wochen vor Ablauf. Ich schicke Ihnen gern die Liste der Unterlagen. / مرحباً، شكراً لسؤالك. يُرجى تقديم الطلب قبل ستة أسابيع على الأقل من انتهاء الصلاحية.",
		"شكراً جزيلاً! نعم، أرجو إرسال القائمة.",
	}, true, false},
	{online.Enquiry{Topic: "work", Postcode: "30159", AgeGroup: online.AgeAdult, Lang: "de"}, []string{
		"Hallo, ich habe in Syrien als Krankenpfleger gearbeitet. Wie kann ich meinen Abschluss anerkennen lassen?",
	}, false, false},
	{online.Enquiry{Topic: "housing", Postcode: "30159", AgeGroup: online.AgeAdult, Lang: "ar"}, []string{
		"هل يمكنني الحصول على مساعدة في البحث عن شقة؟",
		"Ja, die Wohnungsberatung der Stadt hilft. Ich habe Ihnen die Adresse genannt; das Gespräch schließe ich jetzt. / نعم، يساعدك مكتب استشارات السكن في المدينة.",
	}, true, true},
}

func (w demoWriter) conversations(ctx context.Context) error {
	for _, th := range demoThreads {
		if err := w.write(ctx, th); err != nil {
			return fmt.Errorf("app: demo online: %w", err)
		}
	}
	return nil
}

func (w demoWriter) write(ctx context.Context, th demoThread) error {
	s := w.a.Online
	id, ck, err := asbrowser.Start(ctx, s, w.me, th.enquiry, th.texts[0])
	if err != nil {
		return err
	}
	if !th.take {
		return nil
	}
	staff := online.StaffParty(w.counselor)
	if err := s.Take(ctx, staff, id); err != nil {
		return err
	}
	for i, text := range th.texts[1:] {
		pt, sender := staff, w.counselor.UserID()
		if i%2 == 1 {
			pt, sender = online.ClientParty(w.me.ID), w.me.ID
		}
		body, err := e2e.EncryptMessage(ck, id, 1, i+2, sender, text)
		if err != nil {
			return err
		}
		if err := s.Post(ctx, pt, id, online.Message{Seq: i + 2, Epoch: 1, SenderID: sender, Body: body}); err != nil {
			return err
		}
	}
	if th.close {
		return s.Close(ctx, staff, id)
	}
	return nil
}
