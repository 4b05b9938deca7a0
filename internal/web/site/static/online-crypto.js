// End-to-end encryption of online counseling, browser side (docs/E2E.md,
// protocol v1). Go has the same protocol in internal/online/e2e; its browser
// test runs this file in Chromium against it, so a change here needs the
// same change there. WebCrypto only: no library, no hand-written crypto.
// A classic script (assets get content-hashed names, so no imports); it
// defines window.KMNCrypto. Binary values to and from the server are
// base64url strings without padding.
(function () {
  "use strict";

  var subtle = window.crypto.subtle;
  var utf8 = new TextEncoder();
  var ITERATIONS = 600000; // part of the protocol: a change needs v2
  var SALT_LEN = 16, PUB_LEN = 65, IV_LEN = 12, TAG_LEN = 16, KEY_LEN = 32;
  var ECDH = { name: "ECDH", namedCurve: "P-256" };
  var AES = { name: "AES-GCM", length: 256 };
  var CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  // Spaces and hyphens as typed or pasted, including the dashes word
  // processors substitute. Go's NormaliseRecoveryCode uses the same set.
  var SEPARATORS = " \t\r\n\u00a0-\u2010\u2011\u2012\u2013\u2014\u2212";
  // Attachment limits, part of the protocol (Go: MaxFileBytes,
  // MaxFileNameBytes, AllowedFileTypes): pictures and PDFs, which browsers
  // show without running anything, up to 5 MiB, encrypted in one piece.
  var MAX_FILE_BYTES = 5 * 1024 * 1024;
  var MAX_FILE_NAME_BYTES = 255;
  var FILE_TYPES = Object.freeze(["image/jpeg", "image/png", "image/webp", "application/pdf"]);

  // VerifyError: a sealed box did not open (wrong key, tampered, or moved
  // to another place). Readers show "could not be verified" for it.
  class VerifyError extends Error {
    constructor(message) {
      super(message || "could not be verified");
      this.name = "VerifyError";
    }
  }

  function b64(bytes) {
    bytes = new Uint8Array(bytes);
    var s = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unb64(s) {
    if (typeof s !== "string" || !/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) {
      throw new TypeError("not base64url");
    }
    var bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }

  // unb64Box decodes ciphertext from the server: garbage is as unverifiable
  // as a bad tag, so it is a VerifyError too.
  function unb64Box(s, minLen) {
    var b;
    try { b = unb64(s); } catch (e) { throw new VerifyError("not base64url"); }
    if (b.length < minLen) { throw new VerifyError("too short"); }
    return b;
  }

  function concat() {
    var n = 0, i;
    for (i = 0; i < arguments.length; i++) { n += arguments[i].length; }
    var out = new Uint8Array(n), at = 0;
    for (i = 0; i < arguments.length; i++) { out.set(arguments[i], at); at += arguments[i].length; }
    return out;
  }

  function random(n) { return window.crypto.getRandomValues(new Uint8Array(n)); }

  function newSalt() { return b64(random(SALT_LEN)); }

  function saltBytes(saltB64) {
    var salt = unb64(saltB64);
    if (salt.length !== SALT_LEN) { throw new TypeError("salt must be " + SALT_LEN + " bytes"); }
    return salt;
  }

  // base32 in RFC 4648 bit order with Crockford's alphabet, no padding.
  function base32(bytes) {
    var out = "", value = 0, bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      value = (value << 8) | bytes[i];
      bits += 8;
      while (bits >= 5) { bits -= 5; out += CROCKFORD[(value >>> bits) & 31]; }
      value &= (1 << bits) - 1;
    }
    if (bits > 0) { out += CROCKFORD[(value << (5 - bits)) & 31]; }
    return out;
  }

  function newRecoveryCode() {
    var s = base32(random(16));
    return [s.slice(0, 5), s.slice(5, 10), s.slice(10, 15), s.slice(15, 20), s.slice(20)].join("-");
  }

  // Only ASCII is case-mapped, so no locale or special casing can make the
  // browser differ from Go.
  function normaliseRecoveryCode(s) {
    var out = "";
    for (var c of String(s)) {
      if (c >= "a" && c <= "z") { c = c.toUpperCase(); }
      if (SEPARATORS.indexOf(c) >= 0) { continue; }
      if (c === "O") { c = "0"; } else if (c === "I" || c === "L") { c = "1"; }
      out += c;
    }
    return out;
  }

  function validRecoveryCode(s) {
    return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(normaliseRecoveryCode(s));
  }

  function hkdf(salt, info) {
    return { name: "HKDF", hash: "SHA-256", salt: salt, info: utf8.encode(info) };
  }

  // fromMaster splits a master secret into auth (sent to the server) and
  // the wrap key (never leaves the browser); independent HKDF outputs.
  async function fromMaster(master) {
    var k = await subtle.importKey("raw", master, "HKDF", false, ["deriveBits", "deriveKey"]);
    var none = new Uint8Array(0);
    var auth = await subtle.deriveBits(hkdf(none, "kmn-online/v1/auth"), k, 256);
    var wrapKey = await subtle.deriveKey(hkdf(none, "kmn-online/v1/wrap"), k, AES, false, ["encrypt", "decrypt"]);
    return { auth: b64(auth), wrapKey: wrapKey };
  }

  async function passwordSecrets(password, saltB64) {
    var salt = saltBytes(saltB64);
    var pw = await subtle.importKey("raw", utf8.encode(String(password).normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
    var master = await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: ITERATIONS }, pw, 256);
    return fromMaster(master);
  }

  // The code has 128 random bits, so one HKDF replaces PBKDF2.
  async function recoverySecrets(code, saltB64) {
    var salt = saltBytes(saltB64);
    var k = await subtle.importKey("raw", utf8.encode(normaliseRecoveryCode(code)), "HKDF", false, ["deriveBits"]);
    var master = await subtle.deriveBits(hkdf(salt, "kmn-online/v1/recovery"), k, 256);
    return fromMaster(master);
  }

  // A sealed box is iv ‖ ciphertext ‖ tag; the AAD names what it is.
  async function seal(key, plaintext, aad) {
    var iv = random(IV_LEN);
    var ct = await subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: utf8.encode(aad) }, key, plaintext);
    return concat(iv, new Uint8Array(ct));
  }

  async function open(key, box, aad) {
    if (box.length < IV_LEN + TAG_LEN) { throw new VerifyError("too short"); }
    try {
      var params = { name: "AES-GCM", iv: box.subarray(0, IV_LEN), additionalData: utf8.encode(aad) };
      return new Uint8Array(await subtle.decrypt(params, key, box.subarray(IV_LEN)));
    } catch (e) {
      // OperationError is a failed tag; anything else is a programming error.
      if (e && e.name === "OperationError") { throw new VerifyError(); }
      throw e;
    }
  }

  async function newIdentity() {
    var pair = await subtle.generateKey(ECDH, true, ["deriveBits"]);
    var pub = await subtle.exportKey("raw", pair.publicKey);
    return { privateKey: pair.privateKey, publicKey: b64(pub) };
  }

  function importPrivateKey(pkcs8B64, extractable) {
    var der = typeof pkcs8B64 === "string" ? unb64(pkcs8B64) : pkcs8B64;
    return subtle.importKey("pkcs8", der, ECDH, !!extractable, ["deriveBits"]);
  }

  async function exportPrivateKey(key) {
    return b64(await subtle.exportKey("pkcs8", key));
  }

  async function wrapPrivateKey(privateKey, wrapKey) {
    var der = new Uint8Array(await subtle.exportKey("pkcs8", privateKey));
    return b64(await seal(wrapKey, der, "kmn-online/v1/private-key"));
  }

  async function unwrapPrivateKey(sealedB64, wrapKey, extractable) {
    var der = await open(wrapKey, unb64Box(sealedB64, 0), "kmn-online/v1/private-key");
    return importPrivateKey(der, extractable);
  }

  // publicKey imports a raw public key. Only the 65-byte uncompressed form
  // is the protocol's (Chromium would also take a compressed point, Go not).
  function publicKey(b64Key) {
    var raw = unb64(b64Key);
    if (raw.length !== PUB_LEN) { throw new TypeError("public key must be " + PUB_LEN + " bytes"); }
    return subtle.importKey("raw", raw, ECDH, true, []);
  }

  function newConversationKey() {
    return subtle.generateKey(AES, true, ["encrypt", "decrypt"]);
  }

  // id and int make the parts of info and AAD strings canonical, so Go and
  // the browser spell them alike, and refuse "|", which would make two
  // places spell the same string.
  function id(v) {
    if (typeof v === "number" && Number.isSafeInteger(v)) { v = String(v); }
    if (typeof v !== "string" || v.indexOf("|") >= 0) { throw new TypeError("bad identifier: " + v); }
    return v;
  }

  function int(v) {
    if (!Number.isSafeInteger(v)) { throw new TypeError("not an integer: " + v); }
    return String(v);
  }

  function keyInfo(conversationID, epoch, recipientID) {
    return "kmn-online/v1/key|" + id(conversationID) + "|" + int(epoch) + "|" + id(recipientID);
  }

  // A message and its attachment name the same place; the different
  // prefixes keep one from opening as the other.
  function placeAAD(prefix, conversationID, epoch, seq, senderID) {
    return prefix + id(conversationID) + "|" + int(epoch) + "|" + int(seq) + "|" + id(senderID);
  }

  function msgAAD(conversationID, epoch, seq, senderID) {
    return placeAAD("kmn-online/v1/msg|", conversationID, epoch, seq, senderID);
  }

  function fileAAD(conversationID, epoch, seq, senderID) {
    return placeAAD("kmn-online/v1/file|", conversationID, epoch, seq, senderID);
  }

  // kek: HKDF of the ECDH secret, salted with the ephemeral public key.
  async function kek(shared, ephPub, info, usage) {
    var k = await subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
    return subtle.deriveKey(hkdf(ephPub, info), k, AES, false, [usage]);
  }

  async function wrapConversationKey(convKey, recipientPublicB64, conversationID, epoch, recipientID) {
    var info = keyInfo(conversationID, epoch, recipientID);
    var recipient = await publicKey(recipientPublicB64);
    var eph = await subtle.generateKey(ECDH, false, ["deriveBits"]);
    var ephPub = new Uint8Array(await subtle.exportKey("raw", eph.publicKey));
    var shared = await subtle.deriveBits({ name: "ECDH", public: recipient }, eph.privateKey, 256);
    var raw = new Uint8Array(await subtle.exportKey("raw", convKey));
    if (raw.length !== KEY_LEN) { throw new TypeError("conversation key must be AES-256"); }
    var box = await seal(await kek(shared, ephPub, info, "encrypt"), raw, info);
    return b64(concat(ephPub, box));
  }

  async function unwrapConversationKey(wrappedB64, privateKey, conversationID, epoch, recipientID) {
    var info = keyInfo(conversationID, epoch, recipientID);
    var b = unb64Box(wrappedB64, PUB_LEN + IV_LEN + KEY_LEN + TAG_LEN);
    var ephPub = b.slice(0, PUB_LEN), eph;
    try { eph = await subtle.importKey("raw", ephPub, ECDH, true, []); } catch (e) { throw new VerifyError("bad ephemeral key"); }
    var shared = await subtle.deriveBits({ name: "ECDH", public: eph }, privateKey, 256);
    var raw = await open(await kek(shared, ephPub, info, "decrypt"), b.subarray(PUB_LEN), info);
    if (raw.length !== KEY_LEN) { throw new VerifyError("bad key length"); }
    return subtle.importKey("raw", raw, "AES-GCM", true, ["encrypt", "decrypt"]);
  }

  function allowedFileType(type) { return FILE_TYPES.indexOf(type) >= 0; }

  // fileInfoError says why a message's "file" descriptor ({name, type,
  // size} of its attachment) is outside the limits, or returns "". Go's
  // FileInfo.check is the same rule.
  function fileInfoError(f) {
    if (f === null || typeof f !== "object" || Array.isArray(f)) { return "file descriptor is not an object"; }
    if (typeof f.name !== "string" || f.name === "" || utf8.encode(f.name).length > MAX_FILE_NAME_BYTES) {
      return "file name must be 1 to " + MAX_FILE_NAME_BYTES + " bytes of UTF-8";
    }
    if (!allowedFileType(f.type)) { return "file type " + JSON.stringify(f.type) + " is not allowed"; }
    if (!Number.isInteger(f.size) || f.size <= 0 || f.size > MAX_FILE_BYTES) {
      return "file size " + f.size + " is not between 1 and " + MAX_FILE_BYTES + " bytes";
    }
    return "";
  }

  function hasFile(obj) {
    return Object.prototype.hasOwnProperty.call(obj, "file") && obj.file !== undefined;
  }

  // encryptMessage seals obj ({text, file?}) as message seq. A file
  // descriptor outside the limits is a TypeError here, before any reader
  // has to reject it.
  async function encryptMessage(convKey, conversationID, epoch, seq, senderID, obj) {
    var aad = msgAAD(conversationID, epoch, seq, senderID);
    var bad = obj !== null && typeof obj === "object" && hasFile(obj) ? fileInfoError(obj.file) : "";
    if (bad) { throw new TypeError(bad); }
    return b64(await seal(convKey, utf8.encode(JSON.stringify(obj)), aad));
  }

  async function decryptMessage(convKey, conversationID, epoch, seq, senderID, sealedB64) {
    var aad = msgAAD(conversationID, epoch, seq, senderID);
    var pt = await open(convKey, unb64Box(sealedB64, 0), aad);
    var obj;
    try {
      obj = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(pt));
    } catch (e) {
      throw new VerifyError("not JSON");
    }
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) { throw new VerifyError("not an object"); }
    // Go's DecryptPlain needs the same: a string text, a valid file if any.
    if (typeof obj.text !== "string") { throw new VerifyError("no text"); }
    if (Object.prototype.hasOwnProperty.call(obj, "file") && fileInfoError(obj.file)) { throw new VerifyError("bad file descriptor"); }
    return obj;
  }

  function fileBytes(bytes) {
    if (bytes instanceof ArrayBuffer) { return new Uint8Array(bytes); }
    if (ArrayBuffer.isView(bytes)) { return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength); }
    throw new TypeError("file must be a Uint8Array or an ArrayBuffer");
  }

  // encryptFile seals the raw bytes of message seq's attachment. An empty
  // or oversized file is a RangeError, for the page to tell the user.
  async function encryptFile(convKey, conversationID, epoch, seq, senderID, bytes) {
    var aad = fileAAD(conversationID, epoch, seq, senderID);
    var data = fileBytes(bytes);
    if (data.length === 0 || data.length > MAX_FILE_BYTES) {
      throw new RangeError("file is " + data.length + " bytes, want 1 to " + MAX_FILE_BYTES);
    }
    return b64(await seal(convKey, data, aad));
  }

  // decryptFile opens message seq's attachment; tampered, moved or
  // out-of-limits files are a VerifyError.
  async function decryptFile(convKey, conversationID, epoch, seq, senderID, sealedB64) {
    var aad = fileAAD(conversationID, epoch, seq, senderID);
    var max = IV_LEN + TAG_LEN + MAX_FILE_BYTES;
    if (typeof sealedB64 === "string" && sealedB64.length > Math.ceil(max * 4 / 3)) { throw new VerifyError("too long"); }
    var box = unb64Box(sealedB64, IV_LEN + TAG_LEN + 1);
    if (box.length > max) { throw new VerifyError("too long"); }
    return open(convKey, box, aad);
  }

  function compareBytes(a, b) {
    for (var i = 0; i < a.length && i < b.length; i++) {
      if (a[i] !== b[i]) { return a[i] - b[i]; }
    }
    return a.length - b.length;
  }

  async function safetyNumber(pubAB64, pubBB64) {
    // Importing checks both are points on the curve, as Go does.
    await publicKey(pubAB64);
    await publicKey(pubBB64);
    var a = unb64(pubAB64), b = unb64(pubBB64);
    if (compareBytes(a, b) > 0) { var t = a; a = b; b = t; }
    var d = new Uint8Array(await subtle.digest("SHA-256", concat(utf8.encode("kmn-online/v1/safety|"), a, b)));
    var groups = [];
    for (var i = 0; i < 6; i++) {
      // 40 bits: exact in a double (below 2^53), unlike 32-bit bit operators.
      var v = d[5 * i] * 4294967296 + ((d[5 * i + 1] << 24) >>> 0) + (d[5 * i + 2] << 16) + (d[5 * i + 3] << 8) + d[5 * i + 4];
      groups.push(String(v % 100000).padStart(5, "0"));
    }
    return groups.join(" ");
  }

  // Key store: the unlocked private key lives in IndexedDB for the session
  // (non-extractable keys can be stored, not read out); sign-out forgets it.
  function withStore(mode, fn) {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open("kmn-online", 1);
      req.onupgradeneeded = function () { req.result.createObjectStore("keys"); };
      req.onerror = function () { reject(req.error); };
      req.onsuccess = function () {
        var db = req.result, tx, r;
        try {
          tx = db.transaction("keys", mode);
          r = fn(tx.objectStore("keys"));
        } catch (e) { db.close(); reject(e); return; }
        tx.oncomplete = function () { db.close(); resolve(r.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      };
    });
  }

  function storeKey(name, key) {
    return withStore("readwrite", function (s) { return s.put(key, name); }).then(function () {});
  }

  function loadKey(name) {
    return withStore("readonly", function (s) { return s.get(name); }).then(function (k) { return k || null; });
  }

  function forgetKeys() {
    return withStore("readwrite", function (s) { return s.clear(); }).then(function () {});
  }

  window.KMNCrypto = Object.freeze({
    ITERATIONS, MAX_FILE_BYTES, MAX_FILE_NAME_BYTES, FILE_TYPES, VerifyError, b64, unb64, newSalt,
    newRecoveryCode, normaliseRecoveryCode, validRecoveryCode, passwordSecrets, recoverySecrets,
    newIdentity, wrapPrivateKey, unwrapPrivateKey, importPrivateKey, exportPrivateKey,
    newConversationKey, wrapConversationKey, unwrapConversationKey, encryptMessage, decryptMessage,
    allowedFileType, encryptFile, decryptFile, safetyNumber, storeKey, loadKey, forgetKeys
  });
})();
