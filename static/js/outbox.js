// The offline outbox (issue 17): changes recorded without a connection wait in IndexedDB and are
// sent in order when it returns. Item results, findings and photos (with caption and EXIF time);
// each item keeps the revision it was based on, so the server's conflict check still applies.
// "n thay đổi chưa gửi" shows on every page (#outbox-status). Also registers the service worker.
(function () {
  "use strict";
  const F = () => window.tthcFieldwork;
  const en = () => document.documentElement.lang === "en";
  const t = (vi, english) => (en() ? english : vi);
  const userId = () => (document.body && document.body.dataset.user) || "";
  const visitId = () => { const w = document.querySelector(".workspace"); return w ? w.dataset.visit : ""; };

  // ---- IndexedDB ---------------------------------------------------------------------------------
  const STORE = "changes";
  let opened;
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  function db() {
    if (!opened) {
      const r = indexedDB.open("tthc-outbox", 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      opened = request(r);
    }
    return opened;
  }
  const store = async (mode) => (await db()).transaction(STORE, mode).objectStore(STORE);
  const all = async () => request((await store("readonly")).getAll()); // in id order: the order recorded
  const put = async (entry) => request((await store("readwrite")).put(entry));
  const remove = async (id) => request((await store("readwrite")).delete(id));
  const mine = async () => (await all()).filter((entry) => entry.user === userId());

  // ---- EXIF capture time of a JPEG (DateTimeOriginal), read from the first 128 KiB ---------------
  async function exifTime(file) {
    try {
      const view = new DataView(await file.slice(0, 131072).arrayBuffer());
      if (view.getUint16(0) !== 0xffd8) return "";
      for (let offset = 2; offset + 10 < view.byteLength;) {
        const marker = view.getUint16(offset);
        if ((marker & 0xff00) !== 0xff00) break;
        if (marker === 0xffe1 && view.getUint32(offset + 4) === 0x45786966) return tiffTime(view, offset + 10);
        offset += 2 + view.getUint16(offset + 2);
      }
    } catch (error) { /* not a JPEG with EXIF: the server reads what it can */ }
    return "";
  }

  function tiffTime(view, start) {
    const little = view.getUint16(start) === 0x4949;
    const u16 = (o) => view.getUint16(start + o, little);
    const u32 = (o) => view.getUint32(start + o, little);
    const find = (ifd, tag) => {
      for (let i = 0, n = u16(ifd); i < n; i++) if (u16(ifd + 2 + i * 12) === tag) return ifd + 2 + i * 12;
      return -1;
    };
    const pointer = find(u32(4), 0x8769);
    if (pointer < 0) return "";
    const exif = u32(pointer + 8);
    let entry = find(exif, 0x9003);
    if (entry < 0) entry = find(exif, 0x9004);
    if (entry < 0) return "";
    let text = "";
    for (let i = 0, at = u32(entry + 8); i < 19; i++) text += String.fromCharCode(view.getUint8(start + at + i));
    const m = /^(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d)/.exec(text);
    return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : "";
  }

  // ---- Queueing a form -----------------------------------------------------------------------------
  async function queue(form) {
    const kind = form.dataset.outbox;
    const fields = [];
    let file = null;
    for (const [name, value] of new FormData(form)) {
      if (name === "csrfmiddlewaretoken") continue;
      if (value instanceof File) { if (value.size) file = value; continue; }
      fields.push([name, value]);
    }
    const entry = {
      user: userId(), visit: visitId(), kind, key: kind === "item" ? form.dataset.draft : null,
      url: form.getAttribute("hx-post") || form.action, fields, at: Date.now(), state: "pending", path: location.pathname,
      title: document.title,
    };
    if (file) Object.assign(entry, { file, fileName: file.name || "anh.jpg", size: file.size, capturedAt: await exifTime(file) });
    if (entry.key) {
      const earlier = (await mine()).find((e) => e.key === entry.key && e.state === "pending");
      if (earlier) { // one change per item: the latest values over the revision the first was based on
        const revision = earlier.fields.find(([name]) => name.endsWith("-revision"));
        entry.fields = entry.fields.map(([name, value]) => (revision && name === revision[0] ? revision : [name, value]));
        Object.assign(entry, { id: earlier.id, at: earlier.at });
      }
    }
    await put(entry);
    queued(form, kind);
    await refresh();
  }

  function queued(form, kind) {
    const message = t("Đã lưu trên máy này, chưa gửi (mất kết nối); sẽ tự gửi khi có mạng.", "Kept on this device, not sent yet (offline); it is sent when the connection returns.");
    const error = form.querySelector(".save-error");
    if (error) error.textContent = "";
    if (kind === "item") {
      const card = form.closest(".item-card");
      card.classList.add("queued");
      const status = form.querySelector(".save-status");
      if (status) status.textContent = message;
      F().draftClear(form);
      return;
    }
    if (form.dataset.draft) localStorage.removeItem(`tthc:draft:${userId()}:${form.dataset.draft}`);
    const slot = form.closest(".item-extra");
    if (slot) {
      const note = document.createElement("div");
      note.className = "alert alert-warning py-1 small mb-2";
      note.setAttribute("role", "status");
      note.textContent = message;
      slot.replaceChildren(note);
    } else {
      form.reset();
      F().draftClear(form);
      const details = form.closest("details");
      if (details) details.open = false;
    }
  }

  // ---- What the page shows of the outbox -----------------------------------------------------------
  let counts = { pending: 0, review: 0 };
  let chain = Promise.resolve();
  const savedKeys = new Set(); // saved online in this page: their older outbox entries are being removed

  function refresh() {
    chain = chain.then(refreshNow).catch(() => {});
    return chain;
  }

  async function refreshNow() {
    if (!userId()) return;
    const entries = await mine();
    counts = { pending: entries.filter((e) => e.state === "pending").length, review: entries.filter((e) => e.state !== "pending").length };
    const badge = document.getElementById("outbox-status");
    if (badge) {
      const parts = [];
      if (counts.pending) parts.push(t(`${counts.pending} thay đổi chưa gửi`, `${counts.pending} changes not sent`));
      if (counts.review) parts.push(t(`${counts.review} cần xem lại`, `${counts.review} to review`));
      badge.textContent = parts.join(" · ");
      badge.hidden = parts.length === 0;
    }
    if (visitId()) show(entries.filter((e) => e.visit === visitId()));
    const home = document.getElementById("home-outbox");
    if (home) showOnHome(home, entries);
  }

  // "Việc của tôi": the visits with changes kept on this device, each linking to its workspace.
  function showOnHome(panel, entries) {
    const byPage = new Map();
    for (const entry of entries) {
      const row = byPage.get(entry.path) || { title: entry.title || entry.path, pending: 0, review: 0 };
      row[entry.state === "pending" ? "pending" : "review"] += 1;
      byPage.set(entry.path, row);
    }
    const list = panel.querySelector(".home-outbox-list");
    list.replaceChildren();
    for (const [path, row] of byPage) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = path;
      link.textContent = row.title;
      const parts = [];
      if (row.pending) parts.push(t(`${row.pending} thay đổi chưa gửi`, `${row.pending} changes not sent`));
      if (row.review) parts.push(t(`${row.review} cần xem lại`, `${row.review} to review`));
      item.append(link, document.createTextNode(` — ${parts.join(" · ")}`));
      list.append(item);
    }
    panel.hidden = byPage.size === 0;
  }

  function show(entries) {
    document.querySelectorAll(".outbox-card").forEach((node) => node.remove());
    for (const entry of entries) {
      if (entry.kind === "item") { if (!savedKeys.has(entry.key)) showItem(entry); }
      else showCard(entry);
    }
  }

  function showItem(entry) {
    const pk = entry.key.split(":item-")[1];
    let card = document.getElementById(`item-${pk}`);
    if (!card || card.dataset.outboxShown === String(entry.at) + entry.state) return;
    if (entry.state !== "pending" && entry.html) {
      card = replaceWith(card, entry.html);
      card.classList.add("queued");
    } else {
      const form = card.querySelector("form");
      if (!form) return;
      F().apply(form, Object.fromEntries(entry.fields));
      F().draftClear(form);
      card.classList.add("queued");
      const status = form.querySelector(".save-status");
      if (status) status.textContent = t("Đã lưu trên máy này, chưa gửi.", "Kept on this device, not sent yet.");
    }
    card.dataset.outboxShown = String(entry.at) + entry.state;
  }

  function showCard(entry) {
    const section = document.getElementById(entry.kind === "photo" ? "evidence" : "findings");
    if (!section) return;
    const values = Object.fromEntries(entry.fields);
    const card = document.createElement("div");
    card.className = `card mb-2 outbox-card border-${entry.state === "pending" ? "warning" : "danger"}`;
    card.dataset.outboxId = entry.id;
    const body = document.createElement("div");
    body.className = "card-body py-2 small";
    const badge = document.createElement("span");
    badge.className = `badge text-bg-${entry.state === "pending" ? "warning" : "danger"} me-1`;
    badge.textContent = entry.state === "pending" ? t("Chưa gửi", "Not sent") : t("Chưa lưu được", "Not saved");
    const text = document.createElement("span");
    text.textContent = entry.kind === "photo" ? values.caption || "" : values.description || "";
    body.append(badge, text);
    if (entry.kind === "photo" && entry.file) {
      const img = document.createElement("img");
      img.className = "d-block rounded border mt-1 pending-thumb";
      img.alt = values.caption || "";
      const reader = new FileReader(); // a data: URL: the CSP allows data: images, not blob:
      reader.onload = () => { img.src = reader.result; };
      reader.readAsDataURL(entry.file);
      body.append(img);
      if (entry.capturedAt) body.append(line(t(`Chụp ${entry.capturedAt}`, `Taken ${entry.capturedAt}`), "text-muted"));
    }
    if (entry.message) body.append(line(entry.message, "text-danger"));
    if (entry.state !== "pending") body.append(discardButton(entry));
    card.append(body);
    const heading = section.querySelector("h2");
    heading.after(card);
  }

  function line(text, className) {
    const div = document.createElement("div");
    div.className = className;
    div.setAttribute("role", className === "text-danger" ? "alert" : "note");
    div.textContent = text;
    return div;
  }

  function discardButton(entry) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-danger mt-1";
    button.textContent = t("Bỏ thay đổi này", "Discard this change");
    button.addEventListener("click", async () => {
      if (!window.confirm(t("Bỏ hẳn thay đổi này khỏi máy?", "Remove this change from the device for good?"))) return;
      await remove(entry.id);
      await refresh();
    });
    return button;
  }

  function replaceWith(node, html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    const fresh = template.content.firstElementChild;
    fresh.removeAttribute("hx-swap-oob");
    node.replaceWith(fresh);
    window.htmx.process(fresh);
    F().bind(fresh);
    return fresh;
  }

  // ---- Sending, in order ---------------------------------------------------------------------------
  let sending = false;

  async function flush() {
    if (sending || !navigator.onLine || !userId()) return;
    sending = true;
    let sent = 0;
    try {
      for (const entry of (await mine()).filter((e) => e.state === "pending")) {
        const outcome = await send(entry);
        if (outcome === "stop") break;
        sent += 1;
      }
    } finally {
      sending = false;
      await refresh();
      if (sent) recache();
      document.dispatchEvent(new CustomEvent("tthc:outbox-flushed", { detail: { sent } }));
    }
  }

  async function send(entry, again) {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", F().csrfToken());
    entry.fields.forEach(([name, value]) => body.append(name, value));
    if (entry.file) body.append("file", entry.file, entry.fileName);
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST", body, credentials: "same-origin",
        headers: { "HX-Request": "true", "X-Outbox": "1", "X-CSRFToken": F().csrfToken() },
      });
    } catch (error) {
      return "stop"; // offline again: the rest waits
    }
    const expired = response.headers.get("X-Session-Expired");
    if (expired) {
      if (expired === "csrf" && !again) {
        const state = await F().sessionRefresh().catch(() => ({}));
        if (state.authenticated) return send(entry, true);
      }
      F().expired(null);
      return "stop";
    }
    if (response.status >= 500) return "stop"; // the server is unwell: keep it, try later
    const html = await response.text();
    const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, "text/html");
    if (response.ok && saved(entry, doc)) {
      await remove(entry.id);
    } else {
      entry.state = entry.kind === "item" && doc.querySelector("[data-conflict]") ? "conflict" : "error";
      entry.message = response.ok ? problems(doc) : t(`Máy chủ từ chối (${response.status}).`, `Refused by the server (${response.status}).`);
      const card = doc.querySelector(".item-card");
      if (entry.kind === "item" && card) entry.html = card.outerHTML;
      await put(entry);
    }
    if (entry.visit === visitId()) place(doc);
    return "next";
  }

  function saved(entry, doc) {
    if (entry.kind === "item") return !!doc.querySelector(".item-card[data-saved]");
    if (entry.kind === "finding") return !!doc.querySelector("[data-finding-saved], [data-saved-in-place]");
    return !!doc.querySelector("[data-evidence-saved], [data-saved-in-place]");
  }

  function problems(doc) {
    const texts = [...doc.querySelectorAll(".invalid-feedback, [data-keep-draft][role=alert], .alert-danger")]
      .map((node) => node.textContent.trim()).filter(Boolean);
    return [...new Set(texts)].join(" ") || t("Máy chủ không nhận thay đổi này.", "The server did not accept this change.");
  }

  function place(doc) {
    // The answer's sections (item card, progress, findings, evidence) replace the page's, as htmx would.
    for (const node of [...doc.body.children]) {
      const current = node.id && document.getElementById(node.id);
      if (current) replaceWith(current, node.outerHTML);
    }
  }

  // ---- The service worker: the app shell and the visits opened online --------------------------------
  let recacheTimer;
  function recache() {
    clearTimeout(recacheTimer);
    recacheTimer = setTimeout(() => post({ type: "cache", urls: [location.pathname] }), 1200);
  }

  function post(message) {
    if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) return;
    navigator.serviceWorker.controller.postMessage(message);
  }

  function shellUrls() {
    const urls = [...document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon], link[rel=manifest]")]
      .map((node) => new URL(node.src || node.href, location.href).pathname);
    if (visitId()) {
      const base = `/kiem-tra/${visitId()}/`;
      urls.push(location.pathname, `${base}bien-ban/`);
      urls.push({ url: `${base}phat-hien/`, hx: true }, { url: `${base}phat-hien/?in_place=1`, hx: true });
      document.querySelectorAll('img[src^="/minh-chung/"]').forEach((img) => urls.push(new URL(img.src).pathname));
    }
    return urls;
  }

  // "Sẵn sàng khi mất mạng": the worker's answer to a full copy decides it; a later failed copy undoes it.
  function showOfflineReady(data) {
    const slot = document.getElementById("offline-ready");
    if (!slot || (!data.full && !data.failed && slot.dataset.state !== "ready")) return;
    const time = new Date().toLocaleTimeString(en() ? "en-GB" : "vi-VN", { hour: "2-digit", minute: "2-digit" });
    slot.dataset.state = data.failed ? "incomplete" : "ready";
    slot.className = `small mb-0 ${data.failed ? "text-warning-emphasis" : "text-success-emphasis"}`;
    slot.textContent = data.failed
      ? t(`Chưa lưu đủ trên máy này để làm việc khi mất mạng (${data.failed} phần chưa lưu được). Giữ kết nối và tải lại trang trước khi đi.`,
        `Not fully stored on this device for offline work (${data.failed} parts failed). Stay online and reload before you go.`)
      : t(`Sẵn sàng khi mất mạng: trang này đã lưu trên máy lúc ${time}.`,
        `Ready offline: this page was stored on this device at ${time}.`);
    slot.hidden = false;
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", (event) => {
      if ((event.data || {}).type === "cached") showOfflineReady(event.data);
    });
    navigator.serviceWorker.startMessages();
  }

  async function registerWorker() {
    if (!("serviceWorker" in navigator) || !userId()) return;
    try {
      await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      const registration = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) registration.active.postMessage({ type: "claim" });
      if (navigator.onLine) registration.active.postMessage({ type: "cache", full: true, urls: shellUrls() });
    } catch (error) { /* no service worker: the page still works online */ }
  }

  // ---- Wiring ----------------------------------------------------------------------------------------
  function outboxForm(event) {
    const elt = event.detail.elt;
    const form = elt && elt.closest && elt.closest("form[data-outbox]");
    return form && (event.detail.requestConfig || {}).verb !== "get" ? form : null;
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = outboxForm(event);
    if (!form || navigator.onLine) return;
    event.preventDefault();
    queue(form);
  });
  document.addEventListener("htmx:sendError", (event) => {
    const form = outboxForm(event);
    if (form) queue(form);
  });
  document.addEventListener("tthc:saved", async (event) => {
    savedKeys.add(event.detail.key);
    // Saved online: an older offline change (or conflict) of the same item is superseded.
    for (const entry of await mine()) if (entry.key && entry.key === event.detail.key) await remove(entry.id);
    await refresh();
    recache();
  });
  document.addEventListener("tthc:bound", () => { if (visitId()) refresh(); });
  // Signing out with changes waiting asks first. The outbox itself is read at that moment, not this
  // page's last count: a change kept by another tab (or still being stored) counts too.
  const isSignOut = (form) => form.action && /\/dang-xuat\/$/.test(new URL(form.action, location.href).pathname);
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!isSignOut(form) || form.dataset.outboxChecked) return;
    event.preventDefault();
    const waiting = (await chain.then(mine).catch(() => [])).length;
    if (waiting && !window.confirm(t(
      `Còn ${waiting} thay đổi chưa gửi. Chúng vẫn được giữ trên máy này và sẽ gửi khi bạn đăng nhập lại (cùng tài khoản). Vẫn đăng xuất?`,
      `${waiting} changes are not sent yet. They stay on this device and are sent when you sign in again (same account). Sign out anyway?`
    ))) return;
    F().leave();
    post({ type: "signed-out" });
    form.dataset.outboxChecked = "1";
    form.submit(); // submit() fires no second submit event
  }, true);
  window.addEventListener("online", () => flush());
  window.setInterval(() => { if (counts.pending && navigator.onLine) flush(); }, 15000);
  document.addEventListener("DOMContentLoaded", async () => {
    F().onSignedIn(() => flush());
    await refresh();
    flush();
    registerWorker();
  });

  window.tthcOutbox = { all: mine, flush, refresh, queue, put, counts: () => counts };
})();
