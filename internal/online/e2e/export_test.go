package e2e

import "strings"

// Exported for the browser tests in package e2e_test.

// SealRaw seals plaintext under key with aad as given, so tests can make
// boxes no sender would.
func SealRaw(key []byte, aad string, plaintext string) string {
	box, err := seal(key, []byte(plaintext), aad)
	if err != nil {
		panic(err)
	}
	return Encode(box)
}

// fileJSON spells a message with a file descriptor from raw JSON values.
func fileJSON(name, typ, size string) string {
	return `{"text":"","file":{"name":` + name + `,"type":` + typ + `,"size":` + size + `}}`
}

// PlainCases are message plaintexts at the edges of the descriptor rules;
// OK says whether a reader accepts it, in Go and in the browser alike
// (JSON.parse semantics: exact keys, the last of duplicate keys, numbers as
// doubles, so 1e3 is the integer 1000).
var PlainCases = []struct {
	Plain string
	OK    bool
}{
	{`{"text":"hi"}`, true},
	{`{"text":"Foto","file":{"name":"brief.jpg","type":"image/jpeg","size":12345}}`, true},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `5242880`), true},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `5242880.0000000001`), true},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `1e3`), true},
	{fileJSON(`"a.png"`, `"image/png"`, `1.0`), true},
	{fileJSON(`"`+strings.Repeat("ä", 127)+`a"`, `"image/webp"`, `7`), true},
	{fileJSON(`"\u00e4\ud83d\udcf7.webp"`, `"image/webp"`, `7`), true},
	{`{"text":"","file":{"name":"a.png","type":"image/png","size":1,"later":true},"later":1}`, true},
	{`{"text":"","File":{"name":""}}`, true},
	{`{"text":"","file":{"name":""},"file":{"name":"a.png","type":"image/png","size":1}}`, true},

	{fileJSON(`"a.pdf"`, `"application/pdf"`, `5242881`), false},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `0`), false},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `-0`), false},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `-1`), false},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `1.5`), false},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `"5"`), false},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `null`), false},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `true`), false},
	{fileJSON(`"a.pdf"`, `"application/pdf"`, `1e400`), false},
	{`{"text":"","file":{"name":"a.pdf","type":"application/pdf"}}`, false},
	{`{"text":"","file":{"name":"a.pdf","type":"application/pdf","size":1,"size":0}}`, false},
	{`{"text":"","file":null}`, false},
	{`{"text":"","file":[]}`, false},
	{`{"text":"","file":"a.png"}`, false},
	{`{"text":"","file":{}}`, false},
	{`{"text":"","file":{"Name":"a.png","type":"image/png","size":1}}`, false},
	{fileJSON(`""`, `"image/png"`, `1`), false},
	{fileJSON(`null`, `"image/png"`, `1`), false},
	{fileJSON(`5`, `"image/png"`, `1`), false},
	{fileJSON(`"`+strings.Repeat("ä", 128)+`"`, `"image/png"`, `1`), false},
	{fileJSON(`"a.gif"`, `"image/gif"`, `1`), false},
	{fileJSON(`"a.png"`, `"IMAGE/PNG"`, `1`), false},
	{fileJSON(`"a.png"`, `"image/png "`, `1`), false},
	{fileJSON(`"a.png"`, `null`, `1`), false},
	{fileJSON(`"a.png"`, `["image/png"]`, `1`), false},
	{`{"file":{"name":"a.png","type":"image/png","size":1}}`, false},
	{`{"TEXT":"hi"}`, false},
	{`{"text":null}`, false},
	{`{"text":5}`, false},
	{`["hi"]`, false},
}
