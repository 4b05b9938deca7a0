// Online counseling in the browser: sign-up, login and recovery of
// anonymous clients, counselors' key set-up, and the conversations, all
// encrypted here with online-crypto.js (docs/E2E.md). The server only ever
// receives derived values, wrapped keys and ciphertext. Every form names
// its flow in data-online; texts come from #online-texts in the page's
// language.
(function () {
  "use strict";

  var C = window.KMNCrypto;
  var texts = document.getElementById("online-texts");

  function t(name) { return (texts && texts.dataset[name]) || ""; }
  function $(id) { return document.getElementById(id); }

  function supported() {
    return !!(C && window.crypto && window.crypto.subtle && window.indexedDB && window.fetch);
  }

  // api calls a JSON endpoint of the page's surface with the CSRF token.
  function api(method, path, body) {
    var opts = { method: method, credentials: "same-origin",
      headers: { "X-CSRF-Token": t("csrf"), "X-KMN-Lang": t("lang"), "Accept": "application/json" } };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(t("api") + path, opts).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        return { status: res.status, data: data };
      });
    }, function () {
      return { status: 0, data: { error: t("network") } };
    });
  }

  // --- Form feedback -------------------------------------------------

  function setStatus(msg) {
    var s = $("form-status");
    if (s) { s.textContent = msg || ""; }
  }

  function clearErrors(form) {
    var box = $("online-errors");
    if (box) { box.hidden = true; box.querySelector("ul").textContent = ""; }
    form.querySelectorAll(".field-error").forEach(function (p) { p.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.setAttribute("aria-describedby", (el.getAttribute("aria-describedby") || "").replace(/\s*\S+-error/, "").trim());
    });
  }

  // showErrors lists problems ({field: message} and/or a general message)
  // in the summary, next to their fields, and moves the focus there.
  function showErrors(form, fields, general) {
    var box = $("online-errors");
    var list = box.querySelector("ul");
    setStatus("");
    Object.keys(fields || {}).forEach(function (name) {
      var el = form.querySelector("[name='" + name + "']");
      var li = document.createElement("li");
      if (el && el.id) {
        var a = document.createElement("a");
        a.href = "#" + el.id;
        a.textContent = fields[name];
        li.appendChild(a);
        var p = document.createElement("p");
        p.className = "field-error";
        p.id = el.id + "-error";
        p.textContent = fields[name];
        el.setAttribute("aria-invalid", "true");
        el.setAttribute("aria-describedby", ((el.getAttribute("aria-describedby") || "") + " " + p.id).trim());
        (el.closest(".field") || el.parentNode).appendChild(p);
      } else {
        li.textContent = fields[name];
      }
      list.appendChild(li);
    });
    if (general && !Object.keys(fields || {}).length) {
      var g = document.createElement("li");
      g.textContent = general;
      list.appendChild(g);
    }
    box.hidden = false;
    box.focus();
  }

  // refused shows a server answer's problems.
  function refused(form, res) {
    showErrors(form, res.data.fields, res.data.error || t("network"));
  }

  // busy disables the form's button while work runs; returns the undo.
  function busy(form, msg) {
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    setStatus(msg);
    return function () { if (button) { button.disabled = false; } };
  }

  function value(form, name) {
    var el = form.elements[name];
    return el ? String(el.value || "") : "";
  }

  // checkPassword returns the problems of a new password (the server
  // never sees it, so the browser checks it).
  function checkPassword(form, nickname) {
    var pw = value(form, "password"), problems = {};
    if (pw.length < 10) {
      problems.password = t("passwordShort");
    } else if (nickname && pw.toLowerCase().indexOf(nickname.toLowerCase()) >= 0) {
      problems.password = t("passwordNickname");
    } else if (form.elements.password2 && pw !== value(form, "password2")) {
      problems.password2 = t("passwordMismatch");
    }
    return problems;
  }

  function required(form, names) {
    var problems = {};
    names.forEach(function (n) {
      if (!value(form, n).trim()) { problems[n] = t("required"); }
    });
    return problems;
  }

  function merge(a, b) {
    Object.keys(b).forEach(function (k) { if (!a[k]) { a[k] = b[k]; } });
    return a;
  }

  function hasAny(o) { return Object.keys(o).length > 0; }

  // keep stores a non-extractable copy of a private key in this browser.
  function keep(name, privateKey) {
    return C.exportPrivateKey(privateKey).then(function (pkcs8) {
      return C.importPrivateKey(pkcs8, false);
    }).then(function (key) { return C.storeKey(name, key); });
  }

  function go(path) { window.location.assign(path); }

  window.KMNOnline = {
    api: api, t: t, showErrors: showErrors, clearErrors: clearErrors, refused: refused, busy: busy,
    value: value, checkPassword: checkPassword, required: required, merge: merge, hasAny: hasAny,
    keep: keep, go: go, setStatus: setStatus
  };

  function start() {
    var shown = document.querySelectorAll(".needs-js");
    if (!supported()) {
      var u = $("online-unsupported");
      if (u) { u.hidden = false; }
      return;
    }
    shown.forEach(function (el) { el.hidden = false; });
    document.dispatchEvent(new CustomEvent("kmn-online-ready"));
  }

  // Deferred scripts run before DOMContentLoaded: the flows in the other
  // online scripts have registered for kmn-online-ready by then.
  document.addEventListener("DOMContentLoaded", start);
})();
