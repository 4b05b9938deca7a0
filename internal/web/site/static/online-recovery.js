// Counselors' key recovery through the office's recovery key (see
// docs/E2E.md): escrow of a counselor's key after set-up or unlock, the
// lead's set-up of the office key (its code shown once), a counselor's
// request under a new passphrase, the lead's release with the code, and
// the counselor taking the key back. WebCrypto only, through KMNCrypto.
(function () {
  "use strict";

  var C = window.KMNCrypto, O = window.KMNOnline;
  if (!O) { return; }

  function wrapped(key, publicKey, context, userID) {
    return C.wrapConversationKey(key, publicKey, context, 1, userID);
  }

  // escrow seals the counselor's private key for every office recovery key
  // that has no copy yet. privateKey must be extractable.
  O.escrow = function (privateKey, userID) {
    return O.api("GET", "/escrow-targets").then(function (res) {
      if (res.status !== 200 || !res.data.targets.length) { return null; }
      return Promise.all(res.data.targets.map(function (t) {
        return C.newConversationKey().then(function (k) {
          return Promise.all([wrapped(k, t.public_key, "escrow-" + t.office_id, userID), C.wrapPrivateKey(privateKey, k)]);
        }).then(function (r) { return { office_id: t.office_id, wrapped_key: r[0], sealed_private: r[1] }; });
      })).then(function (list) { return O.api("POST", "/escrow", { escrow: list }); });
    });
  };

  function on(flow, handler) {
    document.querySelectorAll("form[data-online='" + flow + "']").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        O.clearErrors(form);
        handler(form).catch(function (res) {
          var b = form.querySelector("button[type=submit]");
          if (b) { b.disabled = false; }
          if (res && res.data) { O.refused(form, res); return; }
          O.showErrors(form, {}, res && res.name === "VerifyError" ? O.t("codeWrong") : O.t("network"));
        });
      });
    });
  }

  // officeKeySetup makes the office's recovery key and shows its code once.
  function officeKeySetup(form) {
    var office = form.dataset.office, code = C.newRecoveryCode(), salt = C.newSalt(), s = {};
    O.busy(form, O.t("deriving"));
    return Promise.all([C.recoverySecrets(code, salt), C.newIdentity()]).then(function (r) {
      s.rec = r[0]; s.id = r[1];
      return C.wrapPrivateKey(s.id.privateKey, s.rec.wrapKey);
    }).then(function (sealed) {
      return O.api("POST", "/office-key", { office_id: office, public_key: s.id.publicKey, salt: salt, private_by_code: sealed });
    }).then(function (res) {
      if (res.status !== 201) { throw res; }
      var panel = document.getElementById("office-code-" + office);
      panel.querySelector("code").textContent = code;
      panel.hidden = false;
      form.hidden = true;
      panel.focus();
    });
  }

  // resetRequest seals a transport key under the new passphrase; the lead
  // releases the counselor's key to it.
  function resetRequest(form) {
    var problems = O.merge(O.required(form, ["password"]), O.checkPassword(form, ""));
    if (O.hasAny(problems)) { O.showErrors(form, problems); return Promise.resolve(); }
    var salt = C.newSalt(), s = {};
    O.busy(form, O.t("deriving"));
    return Promise.all([C.passwordSecrets(O.value(form, "password"), salt), C.newIdentity()]).then(function (r) {
      s.pw = r[0]; s.id = r[1];
      return C.wrapPrivateKey(s.id.privateKey, s.pw.wrapKey);
    }).then(function (sealed) {
      return O.api("POST", "/key/reset", { public_key: s.id.publicKey, salt: salt, private_by_password: sealed });
    }).then(function (res) {
      if (res.status !== 201) { throw res; }
      window.location.reload();
    });
  }

  // resetGrant: the lead opens the office key with the code, the
  // counselor's escrow with it, and re-wraps the key for the request.
  function resetGrant(form) {
    var office = form.dataset.office, user = form.dataset.user, code = C.normaliseRecoveryCode(O.value(form, "code"));
    if (!C.validRecoveryCode(code)) { O.showErrors(form, { code: O.t("codeWrong") }); return Promise.resolve(); }
    var s = {};
    O.busy(form, O.t("deriving"));
    return O.api("GET", "/office-key/" + encodeURIComponent(office)).then(function (res) {
      if (res.status !== 200) { throw res; }
      s.key = res.data;
      return C.recoverySecrets(code, s.key.salt);
    }).then(function (rec) {
      return C.unwrapPrivateKey(s.key.private_by_code, rec.wrapKey, false);
    }).then(function (officeKey) {
      s.office = officeKey;
      return O.api("GET", "/resets/" + encodeURIComponent(office));
    }).then(function (res) {
      if (res.status !== 200) { throw res; }
      s.r = res.data.resets.filter(function (x) { return x.user_id === user; })[0];
      if (!s.r) { throw { data: { error: O.t("network") } }; }
      return C.unwrapConversationKey(s.r.escrow.wrapped_key, s.office, "escrow-" + office, 1, user);
    }).then(function (k) {
      return C.unwrapPrivateKey(s.r.escrow.sealed_private, k, true);
    }).then(function (counselorKey) {
      s.counselor = counselorKey;
      return C.newConversationKey();
    }).then(function (k2) {
      return Promise.all([wrapped(k2, s.r.public_key, "reset-" + user, user), C.wrapPrivateKey(s.counselor, k2)]);
    }).then(function (r) {
      return O.api("POST", "/resets/" + encodeURIComponent(office) + "/" + encodeURIComponent(user),
        { office_id: office, wrapped_key: r[0], sealed_private: r[1] });
    }).then(function (res) {
      if (res.status !== 200) { throw res; }
      window.location.reload();
    });
  }

  // resetComplete: the counselor opens the transport key with the new
  // passphrase, the released key with it, and seals that under the new
  // passphrase. The public key stays: every conversation stays readable.
  function resetComplete(form) {
    var problems = O.required(form, ["password"]);
    if (O.hasAny(problems)) { O.showErrors(form, problems); return Promise.resolve(); }
    var s = {};
    O.busy(form, O.t("deriving"));
    return O.api("GET", "/key/reset").then(function (res) {
      if (res.status !== 200) { throw res; }
      s.r = res.data;
      return C.passwordSecrets(O.value(form, "password"), s.r.salt);
    }).then(function (pw) {
      s.pw = pw;
      return C.unwrapPrivateKey(s.r.private_by_password, pw.wrapKey, false);
    }).then(function (transport) {
      return C.unwrapConversationKey(s.r.wrapped_key, transport, "reset-" + s.r.user_id, 1, s.r.user_id);
    }).then(function (k2) {
      return C.unwrapPrivateKey(s.r.sealed_private, k2, true);
    }).then(function (key) {
      s.key = key;
      return C.wrapPrivateKey(key, s.pw.wrapKey);
    }).then(function (sealed) {
      return O.api("POST", "/key/restore", { salt: s.r.salt, private_by_password: sealed });
    }).then(function (res) {
      if (res.status !== 200) { throw res; }
      return O.keep("staff:" + s.r.user_id, s.key);
    }).then(function () {
      O.go(form.dataset.next || "/online");
    }, function (err) {
      if (err && err.name === "VerifyError") { throw { data: { fields: { password: O.t("wrongPassphrase") } } }; }
      throw err;
    });
  }

  document.addEventListener("kmn-online-ready", function () {
    on("office-key-setup", officeKeySetup);
    on("staff-reset-request", resetRequest);
    on("reset-grant", resetGrant);
    on("staff-reset-complete", resetComplete);
  });
})();
