// Passkeys (WebAuthn) for staff: adding one on the account page, signing
// in with one (alone, or as the second step after the password) and
// confirming a dangerous action. Each button names its flow in
// data-passkey and the endpoints in data-options and data-finish; the
// server keeps the ceremony (internal/auth/passkey*.go). The browser's
// WebAuthn API works with ArrayBuffers, the server with base64url JSON:
// this file converts between them and does nothing else.
(function () {
  "use strict";

  function b64urlToBuffer(s) {
    var b64 = s.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }

  function bufferToB64url(buf) {
    var bytes = new Uint8Array(buf), bin = "";
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // creationOptions and requestOptions turn the server's JSON into what
  // navigator.credentials expects.
  function creationOptions(o) {
    var pk = o.publicKey;
    pk.challenge = b64urlToBuffer(pk.challenge);
    pk.user.id = b64urlToBuffer(pk.user.id);
    (pk.excludeCredentials || []).forEach(function (c) { c.id = b64urlToBuffer(c.id); });
    return { publicKey: pk };
  }

  function requestOptions(o) {
    var pk = o.publicKey;
    pk.challenge = b64urlToBuffer(pk.challenge);
    (pk.allowCredentials || []).forEach(function (c) { c.id = b64urlToBuffer(c.id); });
    return { publicKey: pk };
  }

  // credentialJSON is the browser's answer as the server reads it.
  function credentialJSON(c) {
    var r = c.response, out = { id: c.id, rawId: bufferToB64url(c.rawId), type: c.type, response: {
      clientDataJSON: bufferToB64url(r.clientDataJSON) } };
    if (r.attestationObject) {
      out.response.attestationObject = bufferToB64url(r.attestationObject);
      if (r.getTransports) { out.response.transports = r.getTransports(); }
    } else {
      out.response.authenticatorData = bufferToB64url(r.authenticatorData);
      out.response.signature = bufferToB64url(r.signature);
      if (r.userHandle) { out.response.userHandle = bufferToB64url(r.userHandle); }
    }
    return out;
  }

  function post(button, path, body) {
    return fetch(path, { method: "POST", credentials: "same-origin", headers: {
      "X-CSRF-Token": button.dataset.csrf, "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body || {}) }).then(function (res) {
      return res.json().catch(function () { return { error: button.dataset.error }; }).then(function (data) {
        if (!res.ok) { throw new Error(data.error || button.dataset.error); }
        return data;
      });
    });
  }

  function say(button, text) {
    var out = document.getElementById(button.dataset.status);
    if (out) { out.textContent = text; }
  }

  function run(button) {
    var flow = button.dataset.passkey, nameField = document.getElementById(button.dataset.name || "");
    button.disabled = true;
    say(button, "");
    post(button, button.dataset.options).then(function (ceremony) {
      var pending = flow === "register" ?
        navigator.credentials.create(creationOptions(ceremony.options)) :
        navigator.credentials.get(requestOptions(ceremony.options));
      return pending.then(function (cred) {
        return post(button, button.dataset.finish, { id: ceremony.id, name: nameField ? nameField.value : "",
          credential: credentialJSON(cred) });
      });
    }).then(function (done) {
      window.location.assign(done.next || window.location.pathname);
    }).catch(function (err) {
      button.disabled = false;
      say(button, (err && err.name === "NotAllowedError") ? button.dataset.cancelled : (err.message || button.dataset.error));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var supported = !!(window.PublicKeyCredential && navigator.credentials && window.fetch);
    document.querySelectorAll("[data-passkey]").forEach(function (button) {
      if (!supported) {
        say(button, button.dataset.unsupported);
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () { run(button); });
    });
  });
})();
