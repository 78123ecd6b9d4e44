/*
 * Samskab's realtime client: one websocket per screen that
 *  - applies the server's HTML instructions (see realtime/protocol.py), all idempotent;
 *  - sends forms marked data-verb over the socket, falling back to a plain POST;
 *  - keeps submissions in a local queue until the server acknowledges their key, and resends
 *    them after a reconnect (the key makes a resent submission count once);
 *  - notices a dead socket by its own heartbeat (a phone asleep, a network that holds frames),
 *    and reconnects with jittered backoff, also on wake-up and when the browser comes online;
 *  - keeps what people are typing when a region is replaced.
 * Why not the htmx ws extension: it cannot abandon a socket that looks open but is dead, and
 * keeps no queue of unacknowledged submissions. htmx still handles everything else.
 */
(function () {
  "use strict";

  var body = document.body;
  var wsPath = body.dataset.wsPath;
  if (!wsPath) return;

  var HEARTBEAT_MS = Number(body.dataset.heartbeatMs || 5000);
  var DEAD_AFTER_MS = Number(body.dataset.deadAfterMs || 4000);
  var MAX_BACKOFF_MS = 30000;
  var QUEUE_KEY = "samskab:queue:" + wsPath;
  var DRAFT_KEY = "samskab:drafts:" + wsPath;

  var socket = null;
  var lastSeq = Number(body.dataset.seq || 0);
  var attempt = 0;
  var reconnectTimer = null;
  var awaitingSince = null;
  var inflight = new Map(); // client key -> form, for verbs that are not queued

  // ---- small helpers -------------------------------------------------------------------

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)); // also on plain http on a LAN
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.from(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }

  function store(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function setStatus(state) {
    var el = document.getElementById("rt-status");
    body.dataset.connection = state;
    if (el) el.textContent = body.dataset["label" + state[0].toUpperCase() + state.slice(1)] || "";
  }

  // ---- the queue of submissions waiting for their ack -----------------------------------

  var queue = load(QUEUE_KEY, []);

  function saveQueue() {
    store(QUEUE_KEY, queue);
    renderQueue();
  }

  function renderQueue() {
    var list = document.getElementById("pending");
    if (!list) return;
    list.replaceChildren();
    queue.forEach(function (item) {
      if (item.inForm) return; // still shown in its form as "sending"
      var li = document.createElement("li");
      li.textContent = item.fields.text || item.fields.body || item.fields.title || "";
      list.append(li);
    });
    list.hidden = !list.children.length;
  }

  function send(item) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    var frame = Object.assign({}, item.fields, { verb: item.verb, client_key: item.key });
    socket.send(JSON.stringify(frame));
    return true;
  }

  function flushQueue() {
    queue.forEach(send);
  }

  // ---- forms -------------------------------------------------------------------------------

  function formFields(form) {
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields[name] = value;
    });
    return fields;
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (slot) { slot.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (f) { f.removeAttribute("aria-invalid"); });
  }

  function showError(form, field, message) {
    var slot = form.querySelector('[data-error-for="' + field + '"]') || form.querySelector('[data-error-for=""]');
    if (slot) slot.textContent = message; else notify(message);
    var input = field && form.querySelector('[name="' + field + '"]');
    if (input) { input.setAttribute("aria-invalid", "true"); input.focus(); }
  }

  function lockForm(form, key) {
    form.dataset.sendingKey = key;
    form.classList.add("is-sending");
    form.querySelectorAll("input, textarea").forEach(function (f) { f.readOnly = true; });
  }

  function unlockForm(form) {
    delete form.dataset.sendingKey;
    form.classList.remove("is-sending");
    form.querySelectorAll("input, textarea").forEach(function (f) { f.readOnly = false; });
  }

  function formSending(key) {
    return document.querySelector('form[data-sending-key="' + key + '"]');
  }

  function resetForm(form) {
    unlockForm(form);
    form.reset();
    forgetDrafts(form);
    updateCounters(form);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-verb]");
    if (!form || form.dataset.sendingKey) { if (form) event.preventDefault(); return; }
    var queued = form.hasAttribute("data-queue");
    var open = socket && socket.readyState === WebSocket.OPEN;
    if (!open && !queued) return; // no socket: the browser posts the form itself
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    clearErrors(form);
    var item = { key: newKey(), verb: form.dataset.verb, fields: formFields(form) };
    if (queued) {
      item.inForm = Boolean(open && !awaitingSince);
      queue.push(item);
      saveQueue();
      if (item.inForm) lockForm(form, item.key); else resetForm(form);
    } else {
      inflight.set(item.key, form);
    }
    send(item);
  });

  function settle(key, errorNode) {
    var form = inflight.get(key) || formSending(key);
    inflight.delete(key);
    var item = queue.find(function (q) { return q.key === key; });
    if (item) {
      queue = queue.filter(function (q) { return q.key !== key; });
      saveQueue();
    }
    if (!errorNode) {
      if (form && form.hasAttribute("data-reset")) resetForm(form);
      else if (form) unlockForm(form);
      return;
    }
    var message = errorNode.textContent;
    if (!form && item) {
      // Refused after it left its form: put the text back where it can be fixed.
      form = document.querySelector('form[data-verb="' + item.verb + '"]');
      if (form && !Object.keys(item.fields).some(function (n) { var f = form.elements[n]; return f && f.type !== "hidden" && f.value; })) {
        Object.keys(item.fields).forEach(function (n) { if (form.elements[n]) form.elements[n].value = item.fields[n]; });
      }
    }
    if (form) { unlockForm(form); showError(form, errorNode.dataset.field, message); }
    else notify(message);
  }

  function retryLater(key, message) {
    // Not refused, only not saved yet (the database was busy): the submission stays queued,
    // shown as waiting with its text, and goes again with the same key in a few seconds.
    var item = queue.find(function (q) { return q.key === key; });
    if (!item) return false; // not a queued form: its text stays in the form, with the message
    if (item.inForm) {
      item.inForm = false;
      var form = formSending(key);
      if (form) resetForm(form);
      saveQueue();
    }
    notify(message);
    setTimeout(function () { if (queue.indexOf(item) >= 0) send(item); }, 2000 + Math.random() * 2000);
    return true;
  }

  function releaseForms() {
    // The connection is gone: submissions stay queued, their forms are free for the next one.
    queue.forEach(function (item) {
      if (!item.inForm) return;
      item.inForm = false;
      var form = formSending(item.key);
      if (form) resetForm(form);
    });
    saveQueue();
  }

  // ---- drafts: what people are typing survives swaps and reloads ---------------------------

  function draftName(field) {
    var form = field.form;
    return form && form.dataset.verb && field.name ? form.dataset.verb + ":" + (form.dataset.draftScope || "") + ":" + field.name : null;
  }

  function rememberDraft(field) {
    var name = draftName(field);
    if (!name || !field.hasAttribute("data-draft")) return;
    var drafts = load(DRAFT_KEY, {});
    if (field.value) drafts[name] = field.value; else delete drafts[name];
    store(DRAFT_KEY, drafts);
  }

  function forgetDrafts(form) {
    var drafts = load(DRAFT_KEY, {});
    form.querySelectorAll("[data-draft]").forEach(function (f) { delete drafts[draftName(f)]; });
    store(DRAFT_KEY, drafts);
  }

  function restoreDrafts(root) {
    var drafts = load(DRAFT_KEY, {});
    root.querySelectorAll("[data-draft]").forEach(function (field) {
      var name = draftName(field);
      if (name && drafts[name] && !field.value) field.value = drafts[name];
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-draft]")) rememberDraft(event.target);
    if (event.target.form) updateCounters(event.target.form);
  });

  function updateCounters(root) {
    root.querySelectorAll("[data-count-for]").forEach(function (counter) {
      var field = root.querySelector('[name="' + counter.dataset.countFor + '"]') || document.getElementById(counter.dataset.countFor);
      if (!field) return;
      var max = Number(counter.dataset.max);
      counter.textContent = field.value.length + " / " + max;
      counter.classList.toggle("is-over", field.value.length > max);
    });
  }

  // ---- applying the server's HTML ------------------------------------------------------------

  function prepare(node) {
    if (window.htmx) htmx.process(node);
    var token = cookie("csrftoken");
    var forms = node.matches && node.matches("form") ? [node] : Array.from(node.querySelectorAll ? node.querySelectorAll("form[method=post]") : []);
    forms.forEach(function (form) {
      if (token && !form.querySelector("[name=csrfmiddlewaretoken]")) {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = "csrfmiddlewaretoken"; input.value = token;
        form.prepend(input);
      }
    });
    if (node.querySelectorAll) { restoreDrafts(node); updateCounters(node); startTimers(node); }
  }

  function place(node, intoId, atStart) {
    var existing = node.id && document.getElementById(node.id);
    if (existing) {
      existing.replaceWith(node);
    } else {
      var container = intoId && document.getElementById(intoId);
      if (!container) return;
      if (atStart) container.prepend(node); else container.append(node);
    }
    prepare(node);
  }

  function apply(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var focused = document.activeElement;
    var focus = focused && focused.id ? { id: focused.id, start: focused.selectionStart, end: focused.selectionEnd } : null;
    document.querySelectorAll("[data-draft]").forEach(rememberDraft);
    Array.from(template.content.children).forEach(function (node) {
      var kind = node.dataset.rt;
      if (kind === "seq") lastSeq = Number(node.dataset.seq);
      else if (kind === "ack") settle(node.dataset.key, null);
      else if (kind === "error") {
        if (node.dataset.retry && retryLater(node.dataset.key, node.textContent)) { /* kept */ }
        else if (node.dataset.key) settle(node.dataset.key, node); else notify(node.textContent);
      }
      else if (kind === "notice") notify(node.textContent);
      else if (kind === "reload") window.location.reload();
      else if (kind === "remove") {
        var gone = document.getElementById(node.dataset.target);
        if (gone) gone.remove();
      }
      else if (kind === "upsert") {
        Array.from(node.children).forEach(function (item) { place(item, node.dataset.into, node.dataset.at === "start"); });
      }
      else if (node.id) place(node, null, false);
    });
    if (focus && document.activeElement !== document.getElementById(focus.id)) {
      var again = document.getElementById(focus.id);
      if (again) {
        again.focus();
        try { again.setSelectionRange(focus.start, focus.end); } catch (e) { /* not a text field */ }
      }
    }
    renderQueue();
  }

  function notify(message) {
    var region = document.getElementById("notices");
    if (!region) return;
    var p = document.createElement("p");
    p.className = "notice";
    p.textContent = message;
    region.append(p);
    setTimeout(function () { p.remove(); }, 8000);
  }

  // ---- timers count down from the server's remaining time, immune to the phone's clock skew ----

  function startTimers(root) {
    root.querySelectorAll("[data-remaining-ms]").forEach(function (el) {
      el.dataset.endsLocal = String(Date.now() + Number(el.dataset.remainingMs));
    });
    tick();
  }

  function tick() {
    document.querySelectorAll("[data-ends-local]").forEach(function (el) {
      var left = Math.max(0, Number(el.dataset.endsLocal) - Date.now());
      var seconds = Math.ceil(left / 1000);
      var out = el.querySelector("[data-countdown]");
      if (!out) return;
      out.textContent = left > 0
        ? Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0")
        : (el.dataset.doneLabel || "0:00");
      el.classList.toggle("is-done", left <= 0);
    });
  }
  setInterval(tick, 1000);

  // ---- the connection ----------------------------------------------------------------------------

  function connect() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (socket) return;
    // The seq this page shows: the server sends only what came after it when it can, not
    // the whole screen again.
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + wsPath + "?seq=" + lastSeq;
    var ws = new WebSocket(url);
    socket = ws;
    awaitingSince = null;
    setStatus("connecting");
    ws.onopen = function () {
      if (socket !== ws) return;
      attempt = 0;
      setStatus("online");
      flushQueue();
    };
    ws.onmessage = function (event) {
      if (socket !== ws) return; // frames from an abandoned socket: the snapshot superseded them
      awaitingSince = null;
      apply(event.data);
    };
    ws.onclose = function (event) {
      if (socket !== ws) return;
      socket = null;
      if (event.code === 4403) { window.location.reload(); return; }
      lost();
    };
  }

  function lost() {
    setStatus("offline");
    releaseForms();
    inflight.forEach(function (form) { unlockForm(form); });
    inflight.clear();
    if (reconnectTimer) return;
    var ceiling = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, attempt));
    var delay = attempt === 0 ? 200 : ceiling / 2 + Math.random() * ceiling / 2; // jitter
    attempt += 1;
    reconnectTimer = setTimeout(connect, delay);
  }

  function abandon() {
    // Dead by our own heartbeat: don't wait for a close handshake that may never come.
    var ws = socket;
    socket = null;
    if (ws) { try { ws.close(4000); } catch (e) { /* already closing */ } }
    lost();
  }

  function heartbeat() {
    if (!socket) { if (!reconnectTimer) connect(); return; }
    if (socket.readyState !== WebSocket.OPEN) return;
    if (awaitingSince && Date.now() - awaitingSince > DEAD_AFTER_MS) { abandon(); return; }
    socket.send(JSON.stringify({ verb: "sync", seq: lastSeq }));
    if (!awaitingSince) awaitingSince = Date.now();
  }
  setInterval(heartbeat, HEARTBEAT_MS);

  function wake() {
    if (document.visibilityState === "hidden") return;
    attempt = 0;
    if (!socket) connect(); else heartbeat();
  }
  document.addEventListener("visibilitychange", wake);
  window.addEventListener("online", wake);
  window.addEventListener("pageshow", function (e) { if (e.persisted) wake(); });

  prepare(document.body);
  renderQueue();
  connect();

  // For tests and debugging in the console.
  window.samskabRealtime = {
    get seq() { return lastSeq; },
    get queued() { return queue.length; },
    get connected() { return Boolean(socket && socket.readyState === WebSocket.OPEN); },
  };
})();
