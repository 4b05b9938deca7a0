package e2e_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// goOut is what the browser made of Go's values.
type goOut struct {
	Auth, Text, PKCS8, Rewrapped string
	Failures                     map[string]string
}

func testGoToBrowser(t *testing.T, b *browsertest.Browser) {
	goID, _ := e2e.NewIdentity()
	other, _ := e2e.NewIdentity()
	salt := e2e.NewSalt()
	auth, wrap, _ := e2e.PasswordSecrets("Pässwort", salt)
	_, otherWrap, _ := e2e.RecoverySecrets(e2e.NewRecoveryCode(), salt)
	sealed, _ := e2e.SealPrivateKey(goID, wrap)
	sealedOther, _ := e2e.SealPrivateKey(goID, otherWrap)
	key := e2e.NewConversationKey()
	wrapped, _ := e2e.WrapConversationKey(key, goID.PublicB64(), "conv-7", 1, "client-3")
	msg, _ := e2e.EncryptMessage(key, "conv-7", 1, 3, "counselor-5", arabic)
	raw, _ := e2e.Decode(msg)
	raw[len(raw)-1] ^= 0x80
	arg := map[string]any{"password": "Pässwort", "salt": e2e.Encode(salt), "sealed": sealed,
		"sealedOther": sealedOther, "wrapped": wrapped, "msg": msg, "tampered": e2e.Encode(raw),
		"otherPub": other.PublicB64()}

	out := run[goOut](t, b, `
		const s = await K.passwordSecrets(arg.password, arg.salt);
		const priv = await K.unwrapPrivateKey(arg.sealed, s.wrapKey, true);
		const ck = await K.unwrapConversationKey(arg.wrapped, priv, "conv-7", 1, "client-3");
		const dec = (conv, epoch, seq, sender, m) => () => K.decryptMessage(ck, conv, epoch, seq, sender, m);
		const fail = async (f) => {
			try { await f(); return "no error"; }
			catch (e) { return e instanceof K.VerifyError ? e.name : "not a VerifyError: " + e; }
		};
		return {
			auth: s.auth,
			text: (await dec("conv-7", 1, 3, "counselor-5", arg.msg)()).text,
			pkcs8: await K.exportPrivateKey(priv),
			rewrapped: await K.wrapConversationKey(ck, arg.otherPub, "conv-7", 2, "counselor-6"),
			failures: {
				tampered: await fail(dec("conv-7", 1, 3, "counselor-5", arg.tampered)),
				otherSeq: await fail(dec("conv-7", 1, 4, "counselor-5", arg.msg)),
				otherEpoch: await fail(dec("conv-7", 2, 3, "counselor-5", arg.msg)),
				otherSender: await fail(dec("conv-7", 1, 3, "counselor-6", arg.msg)),
				otherConversation: await fail(dec("conv-8", 1, 3, "counselor-5", arg.msg)),
				garbage: await fail(dec("conv-7", 1, 3, "counselor-5", "!!")),
				otherRecipient: await fail(() => K.unwrapConversationKey(arg.wrapped, priv, "conv-7", 1, "client-4")),
				otherWrapKey: await fail(() => K.unwrapPrivateKey(arg.sealedOther, s.wrapKey, false)),
			},
		};`, arg)

	if out.Auth != e2e.Encode(auth) {
		t.Errorf("auth: browser %s, Go %s", out.Auth, e2e.Encode(auth))
	}
	if out.Text != arabic {
		t.Errorf("text: %q, want %q", out.Text, arabic)
	}
	der, _ := e2e.Decode(out.PKCS8)
	if id, err := e2e.ParsePrivateKey(der); err != nil || !id.Private.Equal(goID.Private) {
		t.Errorf("browser's PKCS #8 export of Go's key: %v", err)
	}
	if k, err := e2e.UnwrapConversationKey(out.Rewrapped, other, "conv-7", 2, "counselor-6"); err != nil || !bytes.Equal(k, key) {
		t.Errorf("key re-wrapped by the browser: %v", err)
	}
	for name, got := range out.Failures {
		if got != "VerifyError" {
			t.Errorf("%s: %s, want VerifyError", name, got)
		}
	}
	if len(out.Failures) != 8 {
		t.Errorf("failures: %v", out.Failures)
	}
}

type recoveryOut struct {
	Auths, Norms []string
	Valid        []bool
	Code, Auth   string
	Sealed, Pub  string
}

func testRecovery(t *testing.T, b *browsertest.Browser) {
	code := e2e.NewRecoveryCode()
	salt := e2e.NewSalt()
	auth, wrap, _ := e2e.RecoverySecrets(code, salt)
	variants := []string{code, strings.ToLower(code), strings.ReplaceAll(code, "-", " "),
		strings.NewReplacer("0", "o", "1", "l", "-", "–").Replace(code), " " + strings.ReplaceAll(code, "1", "I") + "\n"}
	samples := []string{" o0O-iIlL1 ", "AB CD\tEF\nGH\u00a0JK", "12345‐67890—ABCDE−FGHJK", "ß-é-ǆ", "ﬀ-K-ǰ", ""}
	out := run[recoveryOut](t, b, `
		const auths = [], norms = [], valid = [];
		for (const v of arg.variants) {
			auths.push((await K.recoverySecrets(v, arg.salt)).auth);
			valid.push(K.validRecoveryCode(v));
		}
		for (const s of arg.samples) norms.push(K.normaliseRecoveryCode(s));
		const code = K.newRecoveryCode();
		const id = await K.newIdentity();
		const rs = await K.recoverySecrets(arg.variants[3], arg.salt);
		return {auths, norms, valid, code, auth: (await K.recoverySecrets(code, arg.salt)).auth,
			sealed: await K.wrapPrivateKey(id.privateKey, rs.wrapKey), pub: id.publicKey};`,
		map[string]any{"variants": variants, "samples": samples, "salt": e2e.Encode(salt)})

	for i, a := range out.Auths {
		if a != e2e.Encode(auth) || !out.Valid[i] {
			t.Errorf("variant %q: browser auth %s (valid %v), Go %s", variants[i], a, out.Valid[i], e2e.Encode(auth))
		}
	}
	for i, n := range out.Norms {
		if want := e2e.NormaliseRecoveryCode(samples[i]); n != want {
			t.Errorf("normalise %q: browser %q, Go %q", samples[i], n, want)
		}
	}
	if !e2e.ValidRecoveryCode(out.Code) || len(out.Code) != 30 {
		t.Errorf("browser's recovery code %q", out.Code)
	}
	if a, _, _ := e2e.RecoverySecrets(out.Code, salt); e2e.Encode(a) != out.Auth {
		t.Errorf("auth of the browser's code %q differs", out.Code)
	}
	if id, err := e2e.OpenPrivateKey(out.Sealed, wrap); err != nil || id.PublicB64() != out.Pub {
		t.Errorf("Go cannot open a key sealed under the browser's recovery wrap key: %v", err)
	}
}

func testSafety(t *testing.T, b *browsertest.Browser) {
	var pubs []string
	for range 9 {
		id, _ := e2e.NewIdentity()
		pubs = append(pubs, id.PublicB64())
	}
	// The compressed form of a valid key: Chromium could import it, but it
	// is not the protocol's form, and Go refuses it.
	raw, _ := e2e.Decode(pubs[0])
	compressed := e2e.Encode(append([]byte{2 | raw[64]&1}, raw[1:33]...))
	got := run[[]string](t, b, `
		const out = [], pubs = arg.pubs;
		for (let i = 0; i + 1 < pubs.length; i++) out.push(await K.safetyNumber(pubs[i + 1], pubs[i]));
		for (const bad of ["AAAA", arg.compressed]) {
			try { await K.safetyNumber(pubs[0], bad); out.push("accepted " + bad); } catch (e) {}
		}
		return out;`, map[string]any{"pubs": pubs, "compressed": compressed})
	if len(got) != len(pubs)-1 {
		t.Fatalf("got %q", got)
	}
	for i, sn := range got {
		if want, _ := e2e.SafetyNumber(pubs[i], pubs[i+1]); sn != want {
			t.Errorf("pair %d: browser %q, Go %q", i, sn, want)
		}
	}
}

func testKeyStore(t *testing.T, b *browsertest.Browser) {
	got := run[map[string]bool](t, b, `
		const id = await K.newIdentity();
		const priv = await K.importPrivateKey(await K.exportPrivateKey(id.privateKey), false);
		await K.storeKey("identity", priv);
		const loaded = await K.loadKey("identity");
		const ck = await K.newConversationKey();
		const w = await K.wrapConversationKey(ck, id.publicKey, "c", 1, "me");
		const ck2 = await K.unwrapConversationKey(w, loaded, "c", 1, "me");
		const raw = async (k) => K.b64(await crypto.subtle.exportKey("raw", k));
		const res = {
			stored: loaded instanceof CryptoKey && !loaded.extractable && loaded.algorithm.name === "ECDH",
			usable: (await raw(ck)) === (await raw(ck2)),
			missing: (await K.loadKey("nope")) === null,
		};
		await K.forgetKeys();
		res.forgotten = (await K.loadKey("identity")) === null;
		return res;`, nil)
	for _, k := range []string{"stored", "usable", "missing", "forgotten"} {
		if !got[k] {
			t.Errorf("%s: false (%v)", k, got)
		}
	}
}
