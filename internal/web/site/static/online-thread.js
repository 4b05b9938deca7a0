// Conversations of online counseling (see online.js): a client's new
// question (routed by the server, encrypted here for the client and every
// routed counselor), and the conversation page of either side: decrypt and
// show the messages, check their order, keep a draft (encrypted) in this
// browser, send, export, and the safety number. New messages are fetched
// every few seconds.
(function () {
  "use strict";

  var C = window.KMNCrypto, O = window.KMNOnline;
  if (!O) { return; }

  // Without live updates the page asks every few seconds; with them, now
  // and then in case an event was missed.
  var pollMs = 4000, hiddenPollMs = 20000, livePollMs = 30000;

  function fail(form) {
    return function (res) {
      var b = form.querySelector("button[type=submit]");
      if (b) { b.disabled = false; }
      if (res && res.data) { O.refused(form, res); return; }
      O.showErrors(form, {}, res && res.name === "VerifyError" ? O.t("verifyFailed") : O.t("network"));
    };
  }

  // ask: route, make the conversation key, wrap it for every recipient,
  // encrypt the first message and open the conversation.
  function ask(form) {
    var problems = O.required(form, ["topic", "message"]);
    if (!form.querySelector("input[name=age_group]:checked")) { problems.age_group = O.t("required"); }
    if (O.hasAny(problems)) { O.showErrors(form, problems); return; }
    var enquiry = { topic: O.value(form, "topic"), postcode: O.value(form, "postcode").trim(),
      age_group: form.querySelector("input[name=age_group]:checked").value, lang: O.value(form, "lang") };
    var text = O.value(form, "message"), s = {};
    O.busy(form, O.t("working"));
    O.api("POST", "/route", enquiry).then(function (res) {
      if (res.status !== 200) { throw res; }
      s.route = res.data;
      s.me = res.data.recipients.filter(function (r) { return r.client; })[0].id;
      return C.loadKey("client:" + s.me);
    }).then(function (key) {
      if (!key) { document.getElementById("locked").hidden = false; throw { data: { error: O.t("locked") } }; }
      return C.newConversationKey();
    }).then(function (ck) {
      var id = s.route.conversation_id;
      return Promise.all(s.route.recipients.map(function (r) {
        return C.wrapConversationKey(ck, r.public_key, id, 1, r.id).then(function (w) {
          return { epoch: 1, recipient_id: r.id, wrapped: w };
        });
      }).concat([C.encryptMessage(ck, id, 1, 1, s.me, { text: text })]));
    }).then(function (parts) {
      var body = parts.pop(), id = s.route.conversation_id;
      enquiry.id = id;
      enquiry.keys = parts;
      enquiry.first = { seq: 1, epoch: 1, sender_id: s.me, body: body };
      return O.api("POST", "/conversations", enquiry);
    }).then(function (res) {
      if (res.status !== 201) { throw res; }
      O.go(O.t("prefix") + "/c/" + res.data.id);
    }).catch(fail(form));
  }

  // Thread is one open conversation page.
  function Thread(el) {
    this.el = el;
    this.id = el.dataset.conversation;
    this.side = el.dataset.side;
    this.last = 0;
    this.keys = {};
    this.view = null;
    this.list = document.getElementById("messages");
    this.lines = [];
  }

  Thread.prototype.refresh = function () {
    var self = this;
    // One read at a time: a second asks again when the first is done.
    if (this.reading) { this.again = true; return this.reading; }
    this.reading = this.read().then(function () {
      self.reading = null;
      if (self.again) { self.again = false; return self.refresh(); }
    }, function (err) { self.reading = null; throw err; });
    return this.reading;
  };

  Thread.prototype.read = function () {
    var self = this;
    return O.api("GET", "/c/" + encodeURIComponent(this.id) + "?after=" + this.last).then(function (res) {
      if (res.status !== 200) { throw res; }
      self.view = res.data;
      return self.unlock(res.data);
    }).then(function () {
      return self.show(self.view.messages);
    });
  };

  // unlock opens the reader's private key (once) and every conversation
  // key wrapped for them.
  Thread.prototype.unlock = function (v) {
    var self = this;
    var mine = this.me ? Promise.resolve(this.me) : C.loadKey(this.side + ":" + v.me);
    return mine.then(function (key) {
      if (!key) { document.getElementById("locked").hidden = false; throw { locked: true }; }
      self.me = key;
      return Promise.all(v.keys.filter(function (k) { return !self.keys[k.epoch]; }).map(function (k) {
        return C.unwrapConversationKey(k.wrapped, key, self.id, k.epoch, v.me).then(function (ck) {
          self.keys[k.epoch] = ck;
        }, function () { self.keys[k.epoch] = null; });
      }));
    }).then(function () { return self.safety(v); });
  };

  Thread.prototype.safety = function (v) {
    var out = document.getElementById("safety-number");
    if (!out || !v.counselor_key || this.safetyShown) { return Promise.resolve(); }
    this.safetyShown = true;
    return C.safetyNumber(v.client_key, v.counselor_key).then(function (n) { out.textContent = n; });
  };

  // show decrypts and appends messages in order; a message that does not
  // open, or a gap in the numbering, is shown as such.
  Thread.prototype.show = function (msgs) {
    var self = this;
    return msgs.reduce(function (p, m) {
      return p.then(function () {
        var ck = self.keys[m.epoch];
        var open = ck ? C.decryptMessage(ck, self.id, m.epoch, m.seq, m.sender_id, m.body) : Promise.reject(new Error("no key"));
        return open.then(function (obj) { return obj; }, function () { return null; }).then(function (obj) {
          if (m.seq !== self.last + 1) { self.note(O.t("gap")); }
          self.last = m.seq;
          self.append(m, obj);
        });
      });
    }, Promise.resolve()).then(function () {
      if (!self.last) { self.note(O.t("empty")); }
    });
  };

  Thread.prototype.note = function (text) {
    var li = document.createElement("li");
    li.className = "message-note";
    li.textContent = text;
    this.list.appendChild(li);
  };

  Thread.prototype.append = function (m, obj) {
    var text = obj ? obj.text : null;
    var mine = m.sender_id === this.view.me;
    var who = mine ? O.t("you") : (m.from_client ? O.t("client") : O.t("counselor"));
    var when = new Date(m.at).toLocaleString(O.t("lang"), { dateStyle: "short", timeStyle: "short" });
    var li = document.createElement("li");
    li.className = "message " + (mine ? "mine" : "theirs");
    var head = document.createElement("p");
    head.className = "message-head";
    head.textContent = who + " · " + when;
    var body = document.createElement("p");
    body.className = text === null ? "message-body unverified" : "message-body";
    body.textContent = text === null ? O.t("verifyFailed") : text;
    li.appendChild(head);
    if (text !== "") { li.appendChild(body); }
    var file = obj && obj.file && m.file ? obj.file : null;
    if (file) { li.appendChild(this.fileButton(m, file)); }
    this.list.appendChild(li);
    this.lines.push("[" + when + "] " + who + ": " + (text === null ? O.t("verifyFailed") : text) +
      (file ? " [" + file.name + "]" : ""));
  };

  // fileButton downloads and decrypts an attachment when asked.
  Thread.prototype.fileButton = function (m, file) {
    var self = this, b = document.createElement("button");
    b.type = "button";
    b.className = "secondary file-button";
    b.textContent = O.t("download") + " " + file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " KB)";
    b.addEventListener("click", function () {
      O.api("GET", "/c/" + encodeURIComponent(self.id) + "/files/" + m.seq).then(function (res) {
        if (res.status !== 200) { throw res; }
        return C.decryptFile(self.keys[m.epoch], self.id, m.epoch, m.seq, m.sender_id, res.data.body);
      }).then(function (bytes) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(new Blob([bytes], { type: file.type }));
        a.download = file.name;
        document.body.appendChild(a);
        a.click();
        a.remove();
      }).catch(function () { b.textContent = O.t("verifyFailed"); });
    });
    return b;
  };

  // send encrypts the text as the next message; when somebody else wrote
  // first (409), it reads again and tries once more.
  // chosenFile checks the attachment in the browser (the server cannot see
  // its type): an allowed type and at most MAX_FILE_BYTES.
  function chosenFile(form) {
    var input = form.elements.file, f = input && input.files && input.files[0];
    if (!f) { return { file: null }; }
    if (!C.allowedFileType(f.type)) { return { problem: O.t("fileType") }; }
    if (f.size > C.MAX_FILE_BYTES || f.size === 0) { return { problem: O.t("fileSize") }; }
    return { file: f };
  }

  Thread.prototype.send = function (form, retried) {
    var self = this, text = O.value(form, "message"), chosen = chosenFile(form);
    if (chosen.problem) { O.showErrors(form, { file: chosen.problem }); return Promise.resolve(); }
    if (!text.trim() && !chosen.file) { O.showErrors(form, { message: O.t("required") }); return Promise.resolve(); }
    var v = this.view, ck = this.keys[v.epoch], seq = this.last + 1, f = chosen.file;
    if (!ck) { O.showErrors(form, {}, O.t("verifyFailed")); return Promise.resolve(); }
    O.busy(form, O.t("working"));
    var plain = { text: text };
    if (f) { plain.file = { name: f.name.slice(0, 200), type: f.type, size: f.size }; }
    var sealedFile = f ? f.arrayBuffer().then(function (buf) {
      return C.encryptFile(ck, self.id, v.epoch, seq, v.me, buf);
    }) : Promise.resolve("");
    return Promise.all([C.encryptMessage(ck, this.id, v.epoch, seq, v.me, plain), sealedFile]).then(function (r) {
      var payload = { seq: seq, epoch: v.epoch, body: r[0] };
      if (r[1]) { payload.attachment = r[1]; }
      return O.api("POST", "/c/" + encodeURIComponent(self.id) + "/messages", payload);
    }).then(function (res) {
      if (res.status === 409 && !retried) {
        return self.refresh().then(function () { return self.send(form, true); });
      }
      if (res.status !== 201) { throw res; }
      form.elements.message.value = "";
      if (form.elements.file) { form.elements.file.value = ""; }
      localStorage.removeItem(self.draftName());
      form.querySelector("button[type=submit]").disabled = false;
      O.setStatus(O.t("sent"));
      return self.refresh();
    });
  };

  Thread.prototype.draftName = function () { return "kmn-online-draft:" + this.id; };

  // keepDraft stores what is typed, encrypted with the conversation key,
  // so a reload or a lost connection never loses a long answer.
  Thread.prototype.keepDraft = function (form) {
    var self = this, timer = null, area = form.elements.message;
    var ck = this.keys[this.view.epoch];
    if (!ck) { return; }
    var saved = localStorage.getItem(this.draftName());
    if (saved && !area.value) {
      C.decryptMessage(ck, this.id, 0, 0, "draft", saved).then(function (d) {
        area.value = d.text;
        O.setStatus(O.t("draftKept"));
      }, function () { localStorage.removeItem(self.draftName()); });
    }
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (!area.value) { localStorage.removeItem(self.draftName()); return; }
        C.encryptMessage(ck, self.id, 0, 0, "draft", { text: area.value }).then(function (b) {
          localStorage.setItem(self.draftName(), b);
        });
      }, 800);
    });
  };

  Thread.prototype.exportText = function () {
    var text = O.t("exportTitle") + "\n\n" + this.lines.join("\n\n") + "\n";
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    a.download = "kmn-online-" + this.id.slice(0, 8) + ".txt";
    document.body.appendChild(a);
    a.click();
    a.remove();
  };

  // listen opens the live updates (Server-Sent Events): every "change"
  // reads what is new. When the stream fails for good, polling takes over.
  Thread.prototype.listen = function () {
    var self = this;
    if (!window.EventSource) { return; }
    var es = new EventSource(O.t("api") + "/c/" + encodeURIComponent(this.id) + "/events");
    es.addEventListener("open", function () { self.live = true; self.el.dataset.live = "1"; });
    es.addEventListener("change", function () { self.refresh().catch(function () {}); });
    es.addEventListener("error", function () { if (es.readyState === EventSource.CLOSED) { self.live = false; } });
    this.events = es;
  };

  Thread.prototype.poll = function () {
    var self = this;
    var wait = this.live ? livePollMs : (document.hidden ? hiddenPollMs : pollMs);
    setTimeout(function () {
      self.refresh().catch(function () {}).then(function () { self.poll(); });
    }, wait);
  };

  // handOver gives the conversation to a colleague: every earlier epoch's
  // key wrapped for them, a new epoch's key for the client and them.
  function handOver(th, form) {
    var to = O.value(form, "to"), id = th.id, plan;
    if (!to) { O.showErrors(form, { to: O.t("required") }); return; }
    O.busy(form, O.t("working"));
    function wrapped(key, r, epoch) {
      return C.wrapConversationKey(key, r.public_key, id, epoch, r.id).then(function (w) {
        return { epoch: epoch, recipient_id: r.id, wrapped: w };
      });
    }
    O.api("GET", "/c/" + encodeURIComponent(id) + "/handover?to=" + encodeURIComponent(to)).then(function (res) {
      if (res.status !== 200) { throw res; }
      plan = res.data;
      var history = [];
      for (var e = 1; e < plan.epoch; e++) {
        if (!th.keys[e]) { throw { name: "VerifyError" }; }
        history.push(wrapped(th.keys[e], plan.colleague, e));
      }
      return C.newConversationKey().then(function (next) {
        return Promise.all(history.concat(plan.recipients.map(function (r) { return wrapped(next, r, plan.epoch); })));
      });
    }).then(function (all) {
      return O.api("POST", "/c/" + encodeURIComponent(id) + "/handover", { to: to, epoch: plan.epoch,
        history: all.slice(0, plan.epoch - 1), keys: all.slice(plan.epoch - 1) });
    }).then(function (res) {
      if (res.status !== 200) { throw res; }
      O.go(res.data.next);
    }).catch(fail(form));
  }

  function openThread(el) {
    var th = new Thread(el), form = document.getElementById("online-answer");
    th.refresh().then(function () {
      el.dataset.ready = "1";
      if (form) {
        th.keepDraft(form);
        form.addEventListener("submit", function (ev) {
          ev.preventDefault();
          O.clearErrors(form);
          th.send(form, false).catch(fail(form));
        });
      }
      var ho = document.getElementById("online-handover");
      if (ho) {
        ho.addEventListener("submit", function (ev) { ev.preventDefault(); O.clearErrors(ho); handOver(th, ho); });
      }
      var exp = document.getElementById("export");
      if (exp) { exp.addEventListener("click", function () { th.exportText(); }); }
      th.listen();
      th.poll();
    }).catch(function (err) {
      if (!(err && err.locked)) { th.note(O.t("network")); }
    });
  }

  document.addEventListener("kmn-online-ready", function () {
    document.querySelectorAll("form[data-online='ask']").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        O.clearErrors(form);
        ask(form);
      });
    });
    var el = document.getElementById("conversation");
    if (el && el.dataset.conversation) { openThread(el); }
  });
})();
