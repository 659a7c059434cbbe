// Fieldwork that never loses what was typed (issue 17). Plain JavaScript, no inline script (CSP).
// - An htmx request answered 401/403 with X-Session-Expired keeps the form as typed, says
//   "Phiên làm việc đã hết hạn" and offers a sign-in in a new tab; once signed in, the page takes a
//   fresh CSRF token and sends the saves again.
// - Forms with data-draft keep a local draft (localStorage, per user and key) while typing; it is
//   restored on reload with a notice and removed when the server confirms the save.
// - The workspace saves a result when it is tapped, a note on blur; the next item then takes focus.
// - Fragments marked data-retry that failed to load are fetched again when the connection returns.
(function () {
  "use strict";
  const en = () => document.documentElement.lang === "en";
  const t = (vi, english) => (en() ? english : vi);
  const userId = () => (document.body && document.body.dataset.user) || "";

  // ---- CSRF token and session ------------------------------------------------------------
  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function setCsrfToken(token) {
    document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": token }));
    document.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach((input) => { input.value = token; });
  }

  async function sessionRefresh() {
    const response = await fetch("/phien/", { credentials: "same-origin", cache: "no-store", headers: { "X-Outbox": "1" } });
    const state = await response.json();
    if (state.authenticated) setCsrfToken(state.csrf);
    return state;
  }

  const waiting = new Set(); // forms to save again once signed in
  const listeners = []; // other modules (the outbox) waiting for a sign-in

  function banner() {
    let box = document.getElementById("session-expired");
    if (box) return box;
    box = document.createElement("div");
    box.id = "session-expired";
    box.className = "alert alert-warning session-expired position-fixed bottom-0 start-0 end-0 m-2 d-flex flex-wrap gap-2 align-items-center";
    box.setAttribute("role", "alert");
    const text = document.createElement("span");
    text.className = "me-auto";
    text.textContent = t(
      "Phiên làm việc đã hết hạn. Những gì bạn nhập vẫn còn trên trang; hãy đăng nhập lại (mở thẻ mới), rồi các thay đổi sẽ được lưu lại.",
      "Your session has expired. What you typed is still on the page; sign in again (a new tab opens) and the changes will be saved."
    );
    const signIn = document.createElement("button");
    signIn.type = "button";
    signIn.className = "btn btn-primary";
    signIn.textContent = t("Đăng nhập lại", "Sign in again");
    signIn.addEventListener("click", () => {
      window.open("/dang-nhap/?next=" + encodeURIComponent("/phien/da-dang-nhap/"), "tthc-sign-in");
    });
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "btn btn-outline-primary";
    retry.textContent = t("Lưu lại", "Save again");
    retry.addEventListener("click", () => resume());
    box.append(text, signIn, retry);
    document.body.appendChild(box);
    return box;
  }

  // The banner is fixed at the bottom of the screen. A save answered "expired" while a finger is
  // still on the screen (a note saved on blur by the very tap on a result below it) must not put the
  // banner under that finger: the tap would end on the banner and the result would not be chosen.
  let pressing = false;
  let showAfterPress = false;
  document.addEventListener("pointerdown", () => { pressing = true; }, true);
  const pressEnded = () => {
    pressing = false;
    if (!showAfterPress) return;
    showAfterPress = false;
    window.setTimeout(show, 0); // after the click this press makes
  };
  document.addEventListener("pointerup", pressEnded, true);
  document.addEventListener("pointercancel", pressEnded, true);

  function show() {
    banner().hidden = false;
    document.body.classList.add("session-expired-shown"); // room beneath the page for the banner
  }

  function expired(form) {
    if (form) waiting.add(form);
    if (pressing) showAfterPress = true;
    else show();
  }

  async function resume() {
    let state;
    try {
      state = await sessionRefresh();
    } catch (error) {
      return false;
    }
    if (!state.authenticated) return false;
    const box = document.getElementById("session-expired");
    if (box) box.hidden = true;
    document.body.classList.remove("session-expired-shown");
    const forms = [...waiting];
    waiting.clear();
    forms.filter((form) => form.isConnected).forEach((form) => form.requestSubmit());
    retryFragments();
    listeners.forEach((callback) => callback());
    return true;
  }

  // The sign-in tab says so (BroadcastChannel, or the storage event), and coming back to this tab checks too.
  if ("BroadcastChannel" in window) {
    new BroadcastChannel("tthc-session").addEventListener("message", () => resume());
  }
  window.addEventListener("storage", (event) => { if (event.key === "tthc:signed-in") resume(); });
  window.addEventListener("focus", () => { if (waiting.size || !(document.getElementById("session-expired") || {}).hidden) resume(); });

  function signedInAgain() {
    if (!document.querySelector("[data-signed-in-again]")) return;
    if ("BroadcastChannel" in window) new BroadcastChannel("tthc-session").postMessage("signed-in");
    localStorage.setItem("tthc:signed-in", String(Date.now()));
    if (window.opener) window.setTimeout(() => window.close(), 800);
  }

  document.addEventListener("htmx:responseError", async (event) => {
    const xhr = event.detail.xhr;
    const reason = xhr.getResponseHeader("X-Session-Expired");
    if (!reason) return;
    const form = event.detail.elt.closest("form");
    const slot = form && form.querySelector(".save-error");
    if (slot) {
      slot.textContent = t(
        "Phiên làm việc đã hết hạn: chưa lưu. Nội dung vẫn còn; đăng nhập lại để lưu.",
        "Session expired: not saved. Your input is kept; sign in again to save."
      );
    }
    if (!form) failedFragments.add(event.detail.elt);
    if (reason === "csrf" && form && !form.dataset.csrfRetried) {
      // Signed in again elsewhere (the token changed): take the new token and send once more.
      form.dataset.csrfRetried = "1";
      waiting.add(form);
      if (await resume()) return;
    }
    expired(form);
  });

  // ---- Local drafts ------------------------------------------------------------------------
  const SKIP = new Set(["csrfmiddlewaretoken"]);

  function draftKey(form) {
    return `tthc:draft:${userId()}:${form.dataset.draft}`;
  }

  function serialize(form) {
    const values = {};
    for (const element of form.elements) {
      if (!element.name || SKIP.has(element.name) || element.type === "file" || element.type === "submit") continue;
      if (element.type === "radio") {
        if (element.checked) values[element.name] = element.value;
        else if (!(element.name in values)) values[element.name] = "";
      } else if (element.type === "checkbox") {
        values[element.name] = values[element.name] || [];
        if (element.checked) values[element.name].push(element.value);
      } else {
        values[element.name] = element.value;
      }
    }
    return values;
  }

  function apply(form, values) {
    for (const element of form.elements) {
      if (!element.name || !(element.name in values) || SKIP.has(element.name) || element.type === "file") continue;
      const value = values[element.name];
      if (element.type === "radio") element.checked = element.value === value;
      else if (element.type === "checkbox") element.checked = (value || []).includes(element.value);
      else element.value = value;
    }
  }

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const dirty = (form) => form.dataset.draft && form._snapshot && !same(serialize(form), form._snapshot);

  function draftSave(form) {
    if (!form.dataset.draft || !userId()) return;
    const values = serialize(form);
    if (same(values, form._snapshot)) localStorage.removeItem(draftKey(form));
    else localStorage.setItem(draftKey(form), JSON.stringify({ at: Date.now(), path: location.pathname, values }));
  }

  function draftClear(form) {
    if (form.dataset.draft) localStorage.removeItem(draftKey(form));
    form._snapshot = serialize(form);
  }

  function notice(form, when) {
    const box = document.createElement("div");
    box.className = "alert alert-info py-1 small draft-notice d-flex flex-wrap gap-2 align-items-center";
    box.setAttribute("role", "status");
    const text = document.createElement("span");
    const time = new Date(when).toLocaleTimeString(en() ? "en-GB" : "vi-VN", { hour: "2-digit", minute: "2-digit" });
    text.textContent = t(`Đã khôi phục bản nháp chưa lưu (lúc ${time}); bấm Lưu để lưu.`, `Unsaved draft restored (from ${time}); press Save to save it.`);
    const drop = document.createElement("button");
    drop.type = "button";
    drop.className = "btn btn-sm btn-outline-secondary";
    drop.textContent = t("Bỏ bản nháp", "Discard draft");
    drop.addEventListener("click", () => {
      apply(form, form._snapshot);
      localStorage.removeItem(draftKey(form));
      box.remove();
    });
    box.append(text, drop);
    form.prepend(box);
  }

  function draftBind(form) {
    if (form._draftBound || !form.dataset.draft) return;
    form._draftBound = true;
    form._snapshot = serialize(form);
    const stored = userId() && localStorage.getItem(draftKey(form));
    if (stored) {
      const draft = JSON.parse(stored);
      if (form.querySelector("[data-keep-draft]")) draftSave(form); // the server sent back what was typed
      else if (!same(draft.values, form._snapshot)) {
        apply(form, draft.values);
        notice(form, draft.at);
      } else localStorage.removeItem(draftKey(form));
    }
    let timer;
    form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => draftSave(form), 250); });
    form.addEventListener("change", () => draftSave(form));
    if (!form.hasAttribute("hx-post")) {
      // A full-page form (the minutes): its draft goes once the page it leads to on success is reached.
      form.addEventListener("submit", () => {
        leaving = true;
        draftSave(form);
        sessionStorage.setItem("tthc:draft-sent", JSON.stringify({ key: draftKey(form), from: location.pathname, to: form.dataset.draftDone || "", at: Date.now() }));
      });
    }
  }

  function draftSentConfirm() {
    const sent = JSON.parse(sessionStorage.getItem("tthc:draft-sent") || "null");
    if (!sent) return;
    sessionStorage.removeItem("tthc:draft-sent");
    if (sent.to && location.pathname === sent.to && Date.now() - sent.at < 120000) localStorage.removeItem(sent.key);
  }

  const responseKeepsDraft = (xhr) => /data-keep-draft/.test(xhr.responseText || "");

  document.addEventListener("htmx:beforeSwap", (event) => {
    const form = event.detail.requestConfig && event.detail.requestConfig.elt && event.detail.requestConfig.elt.closest("form");
    const xhr = event.detail.xhr;
    if (!form || !form.dataset.draft || xhr.status < 200 || xhr.status >= 300) return;
    if (!responseKeepsDraft(xhr)) {
      const typedSince = form._sent && !same(serialize(form), form._sent) ? serialize(form) : null;
      draftClear(form);
      if (typedSince) carried.set(form.dataset.draft, typedSince); // typed while the save was on its way
      else carried.delete(form.dataset.draft);
      document.dispatchEvent(new CustomEvent("tthc:saved", { detail: { key: form.dataset.draft, form } }));
    }
  });

  // ---- Leaving with unsaved changes --------------------------------------------------------
  let leaving = false;
  window.addEventListener("beforeunload", (event) => {
    if (leaving) return;
    if ([...document.querySelectorAll("form[data-draft]")].some(dirty)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // ---- The tablet workspace: a tap saves, the next item takes focus ------------------------
  const carried = new Map(); // draft key → values typed while a save was in flight

  function autosaveBind(form) {
    if (form._autosaveBound || !form.hasAttribute("data-autosave")) return;
    form._autosaveBound = true;
    form.addEventListener("change", (event) => {
      const target = event.target;
      if (target.type === "radio") {
        const progress = form.querySelector('select[name$="-progress"]');
        if (progress && progress.value === "todo") progress.value = "done"; // "Đạt · Chưa làm" would contradict
        form.dataset.focusNext = "1";
        form.requestSubmit();
      } else if (target.tagName === "SELECT") {
        form.requestSubmit();
      }
    });
    form.addEventListener("focusout", (event) => {
      if (event.target.tagName === "TEXTAREA" && form._snapshot && event.target.value !== form._snapshot[event.target.name]) {
        form.requestSubmit();
      }
    });
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt.closest && event.detail.elt.closest("form");
    if (form && form.dataset.draft) form._sent = serialize(form);
  });

  function afterItemSwap(card) {
    const form = card.querySelector("form[data-autosave]");
    if (!form) return;
    const typed = carried.get(form.dataset.draft);
    if (typed) {
      carried.delete(form.dataset.draft);
      const revision = Object.keys(typed).find((name) => name.endsWith("-revision"));
      if (revision) delete typed[revision];
      apply(form, typed);
      draftSave(form);
      form.requestSubmit();
      return;
    }
    if (card.hasAttribute("data-saved") && lastFocusNext === form.dataset.draft) {
      lastFocusNext = null;
      let next = card.nextElementSibling;
      while (next && !next.classList.contains("item-card")) next = next.nextElementSibling;
      if (!next) {
        const section = card.closest("section");
        const following = section && section.nextElementSibling;
        next = following && following.querySelector(".item-card");
      }
      const target = next && (next.querySelector(".btn-check") || next);
      if (target) {
        target.focus({ preventScroll: true });
        next.scrollIntoView({ block: "center", behavior: "instant" });
      }
    }
  }

  let lastFocusNext = null;
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt.closest && event.detail.elt.closest("form[data-autosave]");
    if (form && form.dataset.focusNext) lastFocusNext = form.dataset.draft;
  });

  // ---- In-place "Ghi hạn chế" and "Thêm ảnh" -------------------------------------------------
  function inPlaceFinding(form) {
    const slot = form.closest(".item-extra");
    if (!slot || form._prefilled) return;
    form._prefilled = true;
    form.dataset.draft = `${form.dataset.draft}-item-${slot.dataset.item}`;
    const kind = form.querySelector('input[name="kind"][value="limitation"]');
    const item = form.querySelector('select[name="item"]');
    const chosen = form.querySelector('input[name="kind"]:checked');
    if (kind && (!chosen || !chosen.value)) kind.checked = true;
    if (item && !item.value) item.value = slot.dataset.item;
    const description = form.querySelector('textarea[name="description"]');
    slot.scrollIntoView({ block: "start", behavior: "instant" }); // the whole form in view, under the bar
    if (description && !form.querySelector("[data-keep-draft]")) description.focus({ preventScroll: true });
    closeButton(form, slot);
  }

  function closeButton(form, slot) {
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn btn-sm btn-outline-secondary ms-1";
    close.textContent = t("Đóng", "Close");
    close.addEventListener("click", () => {
      if (dirty(form) && !window.confirm(t("Bỏ nội dung chưa lưu?", "Discard what is not saved?"))) return;
      if (form.dataset.draft) localStorage.removeItem(draftKey(form));
      slot.replaceChildren();
    });
    const submit = form.querySelector('button:not([type="button"])');
    if (submit) submit.after(close);
  }

  function photoInPlace(button) {
    const pk = button.dataset.photoFor;
    const slot = document.getElementById(`extra-${pk}`);
    const source = document.querySelector("#evidence form.photo-form");
    if (!slot || !source) return;
    const form = source.cloneNode(true);
    form.reset();
    form.querySelectorAll(".invalid-feedback, [data-keep-draft], .draft-notice").forEach((node) => node.remove());
    form.querySelectorAll(".is-invalid").forEach((node) => node.classList.remove("is-invalid"));
    form.querySelectorAll("[id]").forEach((node) => { node.id = `${node.id}-${pk}`; });
    form.querySelectorAll("label[for]").forEach((label) => { label.htmlFor = `${label.htmlFor}-${pk}`; });
    form.setAttribute("hx-target", "closest .item-extra");
    form.setAttribute("hx-swap", "innerHTML");
    form.classList.add("mb-2");
    const flag = document.createElement("input");
    flag.type = "hidden";
    flag.name = "in_place";
    flag.value = "1";
    form.prepend(flag);
    const caption = form.querySelector('input[name="caption"]');
    if (caption) caption.value = slot.dataset.caption || "";
    const file = form.querySelector('input[type="file"]');
    const fileField = file && file.closest(".mb-3");
    const captionField = caption && caption.closest(".mb-3");
    if (fileField && captionField) fileField.before(captionField); // the caption (pre-filled) first
    slot.replaceChildren(form);
    closeButton(form, slot);
    window.htmx.process(form);
    slot.scrollIntoView({ block: "start", behavior: "instant" });
    if (file) {
      // The tap on "Thêm ảnh" opens the camera or the photo picker; the chosen photo goes up at once.
      file.setAttribute("capture", "environment");
      file.addEventListener("change", () => { if (file.files.length) form.requestSubmit(); });
      form.dataset.pickerOpened = "1";
      file.click();
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-photo-for]");
    if (button) photoInPlace(button);
  });

  // ---- Fragments that failed to load: again when the connection returns ---------------------
  const failedFragments = new Set();

  document.addEventListener("htmx:sendError", (event) => {
    const elt = event.detail.elt;
    if (!elt.hasAttribute("data-retry")) return;
    failedFragments.add(elt);
    const slot = elt.querySelector(".finding-form-slot") || document.querySelector(elt.getAttribute("hx-target"));
    if (slot && !slot.querySelector("form, .fragment-offline")) {
      const message = document.createElement("p");
      message.className = "small text-muted fragment-offline";
      message.textContent = t("Chưa tải được (mất kết nối). Sẽ tự tải lại khi có mạng.", "Could not load (offline). It loads again when the connection returns.");
      slot.appendChild(message);
    }
  });

  function retryFragments() {
    const pending = [...failedFragments].filter((elt) => elt.isConnected);
    failedFragments.clear();
    pending.forEach((elt) => window.htmx.trigger(elt, "tthc:retry"));
  }

  window.addEventListener("online", () => retryFragments());
  window.setInterval(() => { if (navigator.onLine && failedFragments.size) retryFragments(); }, 5000);

  // ---- Binding ---------------------------------------------------------------------------------
  function bind(root) {
    const scope = root.querySelectorAll ? root : document;
    const forms = [...(scope.matches && scope.matches("form") ? [scope] : []), ...scope.querySelectorAll("form")];
    forms.forEach((form) => {
      if (form.classList.contains("finding-form")) inPlaceFinding(form);
      draftBind(form);
      autosaveBind(form);
    });
    if (scope.classList && scope.classList.contains("item-card")) afterItemSwap(scope);
    document.dispatchEvent(new CustomEvent("tthc:bound", { detail: { root: scope } }));
  }

  document.addEventListener("htmx:load", (event) => bind(event.detail.elt));
  document.addEventListener("DOMContentLoaded", () => {
    draftSentConfirm();
    signedInAgain();
    bind(document);
  });

  window.tthcFieldwork = {
    csrfToken, setCsrfToken, sessionRefresh, expired, resume, serialize, apply, draftClear, draftSave, bind,
    onSignedIn: (callback) => listeners.push(callback),
    leave: () => { leaving = true; },
  };
})();
