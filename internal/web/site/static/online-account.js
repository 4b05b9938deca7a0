// Accounts of online counseling (see online.js): an anonymous client's
// sign-up with the recovery code, login, password reset with the code,
// sign-out and deletion (which forget the key in this browser), and a
// counselor's key set-up and unlocking.
(function () {
  "use strict";

  var C = window.KMNCrypto, O = window.KMNOnline;

  // Signing out or deleting the account forgets the keys in this browser
  // first, then sends the form as usual (on every staff page too).
  function forgetThenSend(form) {
    form.addEventListener("submit", function (ev) {
      if (form.dataset.forgotten) { return; }
      ev.preventDefault();
      C.forgetKeys().catch(function () {}).then(function () {
        form.dataset.forgotten = "1";
        form.submit();
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!C || !window.indexedDB) { return; }
    document.querySelectorAll("form[data-online='logout'], form[data-online='delete'], form[action='/logout']").forEach(forgetThenSend);
  });
  if (!O) { return; }

  function on(flow, handler) {
    document.querySelectorAll("form[data-online='" + flow + "']").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        O.clearErrors(form);
        handler(form).catch(function (err) {
          O.showErrors(form, {}, err && err.name === "VerifyError" ? O.t("verifyFailed") : O.t("network"));
        });
      });
    });
  }

  // signup makes the identity key and the recovery code, sends what the
  // server keeps, and shows the code once.
  function signup(form) {
    var nick = O.value(form, "nickname").trim();
    var problems = O.merge(O.required(form, ["nickname", "password"]), O.checkPassword(form, nick));
    if (O.hasAny(problems)) { O.showErrors(form, problems); return Promise.resolve(); }
    var done = O.busy(form, O.t("working"));
    var salt = C.newSalt(), recoverySalt = C.newSalt(), code = C.newRecoveryCode(), s = {};
    return O.api("POST", "/nickname", { nickname: nick }).then(function (res) {
      if (res.status !== 200 || !res.data.free) {
        throw { fields: res.status === 200 ? { nickname: O.t("nicknameTaken") } : res.data.fields, error: res.data.error };
      }
      O.setStatus(O.t("deriving"));
      return Promise.all([C.passwordSecrets(O.value(form, "password"), salt), C.recoverySecrets(code, recoverySalt), C.newIdentity()]);
    }).then(function (r) {
      s.pw = r[0]; s.rec = r[1]; s.id = r[2];
      return Promise.all([C.wrapPrivateKey(s.id.privateKey, s.pw.wrapKey), C.wrapPrivateKey(s.id.privateKey, s.rec.wrapKey)]);
    }).then(function (sealed) {
      return O.api("POST", "/signup", { nickname: nick, lang: O.t("lang"), salt: salt, auth: s.pw.auth,
        recovery_salt: recoverySalt, recovery_auth: s.rec.auth, public_key: s.id.publicKey,
        private_by_password: sealed[0], private_by_recovery: sealed[1] });
    }).then(function (res) {
      if (res.status !== 201) { throw { fields: res.data.fields, error: res.data.error }; }
      return O.keep("client:" + res.data.client_id, s.id.privateKey);
    }).then(function () {
      showRecovery(form, code);
    }).catch(function (err) {
      done();
      if (err && (err.fields || err.error)) { O.showErrors(form, err.fields, err.error); return; }
      throw err;
    });
  }

  function showRecovery(form, code) {
    var panel = document.getElementById("recovery-panel");
    var cont = document.getElementById("recovery-continue"), saved = document.getElementById("recovery-saved");
    form.hidden = true;
    document.getElementById("recovery-code").textContent = code;
    panel.hidden = false;
    panel.focus();
    cont.addEventListener("click", function (ev) {
      if (!saved.checked) { ev.preventDefault(); saved.focus(); }
    });
    saved.addEventListener("change", function () { cont.setAttribute("aria-disabled", saved.checked ? "false" : "true"); });
  }

  // login derives the auth value from the password and opens the private key.
  function login(form) {
    var nick = O.value(form, "nickname").trim(), pw = O.value(form, "password");
    var problems = O.required(form, ["nickname", "password"]);
    if (O.hasAny(problems)) { O.showErrors(form, problems); return Promise.resolve(); }
    var done = O.busy(form, O.t("deriving")), wrapKey;
    return O.api("POST", "/salt", { nickname: nick }).then(function (res) {
      if (res.status !== 200) { throw res; }
      return C.passwordSecrets(pw, res.data.salt);
    }).then(function (s) {
      wrapKey = s.wrapKey;
      return O.api("POST", "/login", { nickname: nick, auth: s.auth });
    }).then(function (res) {
      if (res.status !== 200) { throw res; }
      return C.unwrapPrivateKey(res.data.private_by_password, wrapKey, false).then(function (key) {
        return C.storeKey("client:" + res.data.client_id, key);
      });
    }).then(function () {
      O.go(O.t("prefix") + "/home");
    }).catch(function (res) { done(); failed(form, res); });
  }

  function failed(form, res) {
    if (res && res.data) { O.refused(form, res); return; }
    throw res;
  }

  // recover proves the recovery code, opens the same private key with it
  // and seals it under the new password: nothing becomes unreadable.
  function recover(form) {
    var nick = O.value(form, "nickname").trim(), code = C.normaliseRecoveryCode(O.value(form, "code"));
    var problems = O.merge(O.required(form, ["nickname", "code", "password"]), O.checkPassword(form, nick));
    if (!problems.code && !C.validRecoveryCode(code)) { problems.code = O.t("codeInvalid"); }
    if (O.hasAny(problems)) { O.showErrors(form, problems); return Promise.resolve(); }
    var done = O.busy(form, O.t("deriving")), s = { salt: C.newSalt() };
    return O.api("POST", "/recovery-salt", { nickname: nick }).then(function (res) {
      if (res.status !== 200) { throw res; }
      return C.recoverySecrets(code, res.data.salt);
    }).then(function (rec) {
      s.rec = rec;
      return O.api("POST", "/recovery-key", { nickname: nick, recovery_auth: rec.auth });
    }).then(function (res) {
      if (res.status !== 200) { throw res; }
      return Promise.all([C.unwrapPrivateKey(res.data.private_by_recovery, s.rec.wrapKey, true),
        C.passwordSecrets(O.value(form, "password"), s.salt)]);
    }).then(function (r) {
      s.key = r[0]; s.pw = r[1];
      return C.wrapPrivateKey(s.key, s.pw.wrapKey);
    }).then(function (sealed) {
      return O.api("POST", "/reset", { nickname: nick, recovery_auth: s.rec.auth, salt: s.salt, auth: s.pw.auth,
        private_by_password: sealed });
    }).then(function (res) {
      if (res.status !== 200) { throw res; }
      return O.keep("client:" + res.data.client_id, s.key);
    }).then(function () {
      O.go(O.t("prefix") + "/home");
    }).catch(function (res) { done(); failed(form, res); });
  }

  // staffSetup makes a counselor's identity key under the key passphrase.
  function staffSetup(form) {
    var problems = O.merge(O.required(form, ["password"]), O.checkPassword(form, ""));
    if (O.hasAny(problems)) { O.showErrors(form, problems); return Promise.resolve(); }
    var done = O.busy(form, O.t("deriving")), salt = C.newSalt(), s = {};
    return Promise.all([C.passwordSecrets(O.value(form, "password"), salt), C.newIdentity()]).then(function (r) {
      s.pw = r[0]; s.id = r[1];
      return C.wrapPrivateKey(s.id.privateKey, s.pw.wrapKey);
    }).then(function (sealed) {
      return O.api("POST", "/key", { public_key: s.id.publicKey, salt: salt, private_by_password: sealed });
    }).then(function (res) {
      if (res.status !== 201) { throw res; }
      s.user = res.data.user_id;
      return O.escrow ? O.escrow(s.id.privateKey, s.user) : null;
    }).then(function () {
      return O.keep("staff:" + s.user, s.id.privateKey);
    }).then(function () {
      O.go(form.dataset.next || "/online");
    }).catch(function (res) { done(); failed(form, res); });
  }

  // staffUnlock opens the counselor's key in this browser.
  function staffUnlock(form) {
    var problems = O.required(form, ["password"]);
    if (O.hasAny(problems)) { O.showErrors(form, problems); return Promise.resolve(); }
    var done = O.busy(form, O.t("deriving")), stored;
    return O.api("GET", "/key").then(function (res) {
      if (res.status !== 200) { throw res; }
      stored = res.data;
      return C.passwordSecrets(O.value(form, "password"), stored.salt);
    }).then(function (s) {
      // Extractable for a moment: the escrow for a new office key needs it;
      // the browser keeps a non-extractable copy only.
      return C.unwrapPrivateKey(stored.private_by_password, s.wrapKey, true);
    }).then(function (key) {
      var escrow = O.escrow ? O.escrow(key, stored.user_id) : Promise.resolve();
      return escrow.then(function () { return O.keep("staff:" + stored.user_id, key); });
    }).then(function () {
      O.go(form.dataset.next || "/online");
    }).catch(function (err) {
      done();
      if (err && err.name === "VerifyError") { O.showErrors(form, { password: O.t("wrongPassphrase") }); return; }
      failed(form, err);
    });
  }

  document.addEventListener("kmn-online-ready", function () {
    on("signup", signup);
    on("login", login);
    on("recover", recover);
    on("staff-setup", staffSetup);
    on("staff-unlock", staffUnlock);
  });
})();
