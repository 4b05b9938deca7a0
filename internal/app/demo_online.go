package app

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/online"
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
	ids := map[string]e2e.Identity{}
	for _, p := range []auth.Principal{pc, pl} {
		id, err := demoStaffKey(ctx, a.Online, p)
		if err != nil {
			return err
		}
		ids[p.UserID()] = id
	}
	me, err := demoClient(ctx, a.Online)
	if err != nil {
		return err
	}
	w := demoWriter{a: a, me: me, staff: ids, counselor: pc}
	return w.conversations(ctx)
}

// demoStaffKey gives p an identity key under the demo passphrase.
func demoStaffKey(ctx context.Context, s *online.Store, p auth.Principal) (e2e.Identity, error) {
	id, err := e2e.NewIdentity()
	if err != nil {
		return id, err
	}
	salt := e2e.NewSalt()
	_, wrap, err := e2e.PasswordSecrets(DemoKeyPassphrase, salt)
	if err != nil {
		return id, err
	}
	sealed, err := e2e.SealPrivateKey(id, wrap)
	if err != nil {
		return id, err
	}
	return id, s.SetStaffKey(ctx, p, online.StaffKey{PublicKey: id.PublicB64(), Salt: e2e.Encode(salt), PrivateByPassword: sealed})
}

// demoIdentity is the demo client with its identity key.
type demoIdentity struct {
	id  string
	key e2e.Identity
}

// demoAccount is a client signed up by demoClientNamed, with what its
// login sends.
type demoAccount struct {
	demoIdentity
	nickname, auth string
}

// demoClient signs up the demo client.
func demoClient(ctx context.Context, s *online.Store) (demoIdentity, error) {
	c, err := demoClientNamed(ctx, s, DemoOnlineNickname)
	return c.demoIdentity, err
}

// demoClientNamed signs up a client with the demo password as a browser
// would: the password and a recovery code stretched here, keys made here.
func demoClientNamed(ctx context.Context, s *online.Store, nickname string) (demoAccount, error) {
	key, err := e2e.NewIdentity()
	if err != nil {
		return demoAccount{}, err
	}
	salt, rsalt := e2e.NewSalt(), e2e.NewSalt()
	auth1, wrap, err := e2e.PasswordSecrets(DemoOnlinePassword, salt)
	if err != nil {
		return demoAccount{}, err
	}
	rauth, rwrap, err := e2e.RecoverySecrets(e2e.NewRecoveryCode(), rsalt)
	if err != nil {
		return demoAccount{}, err
	}
	byPassword, err := e2e.SealPrivateKey(key, wrap)
	if err != nil {
		return demoAccount{}, err
	}
	byRecovery, err := e2e.SealPrivateKey(key, rwrap)
	if err != nil {
		return demoAccount{}, err
	}
	id, _, err := s.Register(ctx, online.SignUp{Nickname: nickname, Lang: "ar", Salt: e2e.Encode(salt),
		Auth: e2e.Encode(auth1), RecoverySalt: e2e.Encode(rsalt), RecoveryAuth: e2e.Encode(rauth), PublicKey: key.PublicB64(),
		PrivateByPassword: byPassword, PrivateByRecovery: byRecovery})
	return demoAccount{demoIdentity: demoIdentity{id: id, key: key}, nickname: nickname, auth: e2e.Encode(auth1)}, err
}

// demoWriter writes the demo conversations.
type demoWriter struct {
	a         *App
	me        demoIdentity
	staff     map[string]e2e.Identity
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

// start opens a conversation as the client's browser does: the route,
// the key wrapped for every recipient, the first message.
func (w demoWriter) start(ctx context.Context, e online.Enquiry, text string) (string, []byte, error) {
	route, err := w.a.Online.RouteOf(ctx, e)
	if err != nil {
		return "", nil, err
	}
	id, ck := online.NewConversationID(), e2e.NewConversationKey()
	recipients := append([]online.Recipient{{ID: w.me.id, PublicKey: w.me.key.PublicB64(), Client: true}}, route.Staff...)
	var keys []online.Key
	for _, r := range recipients {
		wrapped, err := e2e.WrapConversationKey(ck, r.PublicKey, id, 1, r.ID)
		if err != nil {
			return "", nil, err
		}
		keys = append(keys, online.Key{Epoch: 1, RecipientID: r.ID, Wrapped: wrapped})
	}
	first, err := e2e.EncryptMessage(ck, id, 1, 1, w.me.id, text)
	if err != nil {
		return "", nil, err
	}
	err = w.a.Online.StartConversation(ctx, w.me.id, online.Start{ID: id, Enquiry: e, Keys: keys,
		First: online.Message{Seq: 1, Epoch: 1, SenderID: w.me.id, Body: first}})
	return id, ck, err
}

func (w demoWriter) write(ctx context.Context, th demoThread) error {
	s := w.a.Online
	id, ck, err := w.start(ctx, th.enquiry, th.texts[0])
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
			pt, sender = online.ClientParty(w.me.id), w.me.id
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
