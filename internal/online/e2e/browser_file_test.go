package e2e_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// testFiles pins attachments between the browser and Go: limits, sealed
// files and file descriptors in both directions.
func testFiles(t *testing.T, b *browsertest.Browser) {
	limits := run[struct {
		Max, MaxName int
		Types        []string
	}](t, b, `return {max: K.MAX_FILE_BYTES, maxName: K.MAX_FILE_NAME_BYTES, types: K.FILE_TYPES};`, nil)
	if limits.Max != e2e.MaxFileBytes || limits.MaxName != e2e.MaxFileNameBytes || !slices.Equal(limits.Types, e2e.AllowedFileTypes) {
		t.Errorf("browser limits %+v differ from Go's", limits)
	}
	t.Run("browser to Go", func(t *testing.T) { testFilesBrowserToGo(t, b) })
	t.Run("Go to browser", func(t *testing.T) { testFilesGoToBrowser(t, b) })
	t.Run("descriptors", func(t *testing.T) { testFileDescriptors(t, b) })
}

type fileOut struct {
	Key, File, Small, Msg, SHA string
	Largest                    bool
	Refusals                   map[string]string
}

const photoName = "Bescheid Ausländerbehörde 📷.jpg"

func testFilesBrowserToGo(t *testing.T, b *browsertest.Browser) {
	// 300 KB from xorshift32: pseudo-random, so nothing compresses or
	// repeats by accident.
	out := run[fileOut](t, b, `
		const ck = await K.newConversationKey();
		const data = new Uint8Array(300 * 1024);
		let x = 2463534242;
		for (let i = 0; i < data.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; data[i] = x & 255; }
		const largest = new Uint8Array(K.MAX_FILE_BYTES).fill(7);
		const back = await K.decryptFile(ck, "c", 1, 1, "s", await K.encryptFile(ck, "c", 1, 1, "s", largest));
		const refused = async (f) => {
			try { await f(); return "no error"; } catch (e) { return e instanceof K.VerifyError ? "VerifyError" : e.name; }
		};
		const msg = (file) => () => K.encryptMessage(ck, "conv-5", 1, 4, "client-2", {text: "", file});
		const photo = {name: arg.name, type: "image/jpeg", size: data.length};
		return {
			key: K.b64(await crypto.subtle.exportKey("raw", ck)),
			file: await K.encryptFile(ck, "conv-5", 1, 4, "client-2", data),
			small: await K.encryptFile(ck, "conv-5", 1, 6, "client-2", data.buffer.slice(0, 1000)),
			msg: await msg(photo)(),
			sha: K.b64(await crypto.subtle.digest("SHA-256", data)),
			largest: back.length === largest.length && back.every((v) => v === 7),
			refusals: {
				tooLarge: await refused(() => K.encryptFile(ck, "c", 1, 1, "s", new Uint8Array(K.MAX_FILE_BYTES + 1))),
				empty: await refused(() => K.encryptFile(ck, "c", 1, 1, "s", new ArrayBuffer(0))),
				notBytes: await refused(() => K.encryptFile(ck, "c", 1, 1, "s", "text")),
				gif: await refused(msg({...photo, type: "image/gif"})),
				sizeTooLarge: await refused(msg({...photo, size: K.MAX_FILE_BYTES + 1})),
				sizeZero: await refused(msg({...photo, size: 0})),
				noName: await refused(msg({...photo, name: ""})),
				longName: await refused(msg({...photo, name: "ä".repeat(128)})),
				nullFile: await refused(msg(null)),
			},
		};`, map[string]any{"name": photoName})

	key, err := e2e.Decode(out.Key)
	if err != nil {
		t.Fatal(err)
	}
	if err := e2e.ValidSealedFile(out.File); err != nil {
		t.Error(err)
	}
	data, err := e2e.OpenFile(key, "conv-5", 1, 4, "client-2", out.File)
	if sum := sha256.Sum256(data); err != nil || len(data) != 300*1024 || e2e.Encode(sum[:]) != out.SHA {
		t.Fatalf("Go cannot open the browser's file (%d bytes): %v", len(data), err)
	}
	if small, err := e2e.OpenFile(key, "conv-5", 1, 6, "client-2", out.Small); err != nil || !bytes.Equal(small, data[:1000]) {
		t.Errorf("file from an ArrayBuffer: %v", err)
	}
	for name, place := range map[string][3]any{"seq": {1, 5, "client-2"}, "epoch": {2, 4, "client-2"}, "sender": {1, 4, "client-3"}} {
		if _, err := e2e.OpenFile(key, "conv-5", place[0].(int), place[1].(int), place[2].(string), out.File); !errors.Is(err, e2e.ErrVerify) {
			t.Errorf("file at another %s: err = %v", name, err)
		}
	}
	p, err := e2e.DecryptPlain(key, "conv-5", 1, 4, "client-2", out.Msg)
	want := e2e.FileInfo{Name: photoName, Type: "image/jpeg", Size: 300 * 1024}
	if err != nil || p.Text != "" || p.File == nil || *p.File != want {
		t.Errorf("message with a file: %+v, %v", p, err)
	}
	if !out.Largest {
		t.Error("a file of MAX_FILE_BYTES did not round-trip in the browser")
	}
	wantRefusals := map[string]string{"tooLarge": "RangeError", "empty": "RangeError", "notBytes": "TypeError",
		"gif": "TypeError", "sizeTooLarge": "TypeError", "sizeZero": "TypeError", "noName": "TypeError",
		"longName": "TypeError", "nullFile": "TypeError"}
	for name, w := range wantRefusals {
		if got := out.Refusals[name]; got != w {
			t.Errorf("%s: %s, want %s", name, got, w)
		}
	}
}

type fileIn struct {
	Len       int
	SHA, Text string
	File      e2e.FileInfo
	Failures  map[string]string
}

func testFilesGoToBrowser(t *testing.T, b *browsertest.Browser) {
	key := e2e.NewConversationKey()
	data := make([]byte, 300*1024)
	rand.NewChaCha8([32]byte{1}).Read(data)
	sealed, err := e2e.SealFile(key, "conv-9", 3, 12, "counselor-1", data)
	if err != nil {
		t.Fatal(err)
	}
	info := e2e.FileInfo{Name: "Antrag.pdf", Type: "application/pdf", Size: len(data)}
	msg, err := e2e.EncryptPlain(key, "conv-9", 3, 12, "counselor-1", e2e.Plain{Text: arabic, File: &info})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := e2e.Decode(sealed)
	raw[len(raw)/2] ^= 1
	empty := e2e.SealRaw(key, "kmn-online/v1/file|conv-9|3|12|counselor-1", "")
	arg := map[string]any{"key": e2e.Encode(key), "sealed": sealed, "msg": msg, "tampered": e2e.Encode(raw),
		"empty": empty, "tooLong": strings.Repeat("A", 4*(e2e.SealedOverhead+e2e.MaxFileBytes)/3+4)}

	out := run[fileIn](t, b, `
		const ck = await crypto.subtle.importKey("raw", K.unb64(arg.key), "AES-GCM", false, ["encrypt", "decrypt"]);
		const open = (seq, sender, s) => () => K.decryptFile(ck, "conv-9", 3, seq, sender, s);
		const fail = async (f) => {
			try { await f(); return "no error"; }
			catch (e) { return e instanceof K.VerifyError ? e.name : "not a VerifyError: " + e; }
		};
		const data = await open(12, "counselor-1", arg.sealed)();
		const m = await K.decryptMessage(ck, "conv-9", 3, 12, "counselor-1", arg.msg);
		return {
			len: data.length, sha: K.b64(await crypto.subtle.digest("SHA-256", data)), text: m.text, file: m.file,
			failures: {
				tampered: await fail(open(12, "counselor-1", arg.tampered)),
				otherSeq: await fail(open(13, "counselor-1", arg.sealed)),
				otherSender: await fail(open(12, "client-1", arg.sealed)),
				asMessage: await fail(() => K.decryptMessage(ck, "conv-9", 3, 12, "counselor-1", arg.sealed)),
				messageAsFile: await fail(open(12, "counselor-1", arg.msg)),
				empty: await fail(open(12, "counselor-1", arg.empty)),
				tooLong: await fail(open(12, "counselor-1", arg.tooLong)),
				garbage: await fail(open(12, "counselor-1", "!!")),
			},
		};`, arg)

	if sum := sha256.Sum256(data); out.Len != len(data) || out.SHA != e2e.Encode(sum[:]) {
		t.Errorf("browser opened %d bytes with SHA-256 %s, want %d bytes, %s", out.Len, out.SHA, len(data), e2e.Encode(sum[:]))
	}
	if out.Text != arabic || out.File != info {
		t.Errorf("message: %q, %+v; want %+v", out.Text, out.File, info)
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

// testFileDescriptors: the browser's decryptMessage accepts exactly the
// descriptors Go's DecryptPlain accepts.
func testFileDescriptors(t *testing.T, b *browsertest.Browser) {
	key := e2e.NewConversationKey()
	var boxes []string
	for _, c := range e2e.PlainCases {
		boxes = append(boxes, e2e.SealRaw(key, "kmn-online/v1/msg|c|1|1|s", c.Plain))
	}
	got := run[[]string](t, b, `
		const ck = await crypto.subtle.importKey("raw", K.unb64(arg.key), "AES-GCM", false, ["decrypt"]);
		const out = [];
		for (const box of arg.boxes) {
			try { await K.decryptMessage(ck, "c", 1, 1, "s", box); out.push("ok"); }
			catch (e) { out.push(e instanceof K.VerifyError ? "VerifyError" : "not a VerifyError: " + e); }
		}
		return out;`, map[string]any{"key": e2e.Encode(key), "boxes": boxes})
	if len(got) != len(e2e.PlainCases) {
		t.Fatalf("got %q", got)
	}
	for i, c := range e2e.PlainCases {
		if want := map[bool]string{true: "ok", false: "VerifyError"}[c.OK]; got[i] != want {
			t.Errorf("%s: browser %s, want %s", c.Plain, got[i], want)
		}
	}
}
