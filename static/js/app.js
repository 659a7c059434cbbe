// Project scripts. No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  function bindConfirms(root) {
    root.querySelectorAll("form[data-confirm]").forEach((form) => {
      if (form.dataset.confirmBound) return;
      form.dataset.confirmBound = "1";
      form.addEventListener("submit", (event) => {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    });
  }

  // A failed htmx save leaves the form (and what was typed) on screen and says why.
  function showSaveError(event, message) {
    const form = event.detail.elt.closest("form") || event.detail.elt;
    const slot = form.querySelector(".save-error");
    if (slot) slot.textContent = message;
  }

  // Searchable pickers (units/pickers.py): a clicked match fills the hidden input, or adds a chip.
  function pickerChip(picker, value, label) {
    const name = picker.dataset.picker;
    if (picker.querySelector(`input[type=hidden][value="${CSS.escape(value)}"]`)) return;
    const chip = document.createElement("span");
    chip.className = "badge text-bg-light border me-1 mb-1 picker-chip";
    chip.textContent = label;
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    const remove = document.createElement("button");
    remove.type = "button"; remove.className = "btn-close btn-close-sm"; remove.dataset.pickerRemove = "";
    remove.setAttribute("aria-label", document.documentElement.lang === "en" ? "Remove" : "Bỏ");
    chip.append(input, " ", remove);
    picker.querySelector(".picker-chosen").append(chip);
  }

  document.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-picker-remove]");
    if (remove) { remove.closest(".picker-chip").remove(); return; }
    const option = event.target.closest(".picker-results [data-value]");
    if (!option) return;
    const picker = option.closest("[data-picker]");
    const box = picker.querySelector(".picker-box");
    if (picker.hasAttribute("data-multiple")) {
      pickerChip(picker, option.dataset.value, option.dataset.label);
      box.value = "";
    } else {
      picker.querySelector(".picker-chosen input[type=hidden]").value = option.dataset.value;
      box.value = option.dataset.label;
    }
    box.dataset.picked = box.value;
    box.dataset.pickedAt = String(performance.now());
    picker.querySelector(".picker-results").replaceChildren();
    picker.dispatchEvent(new CustomEvent("picker:chosen", { bubbles: true, detail: option.dataset }));
  });
  // After a pick, a search still queued (delay) or in flight for what was typed answers nothing asked:
  // it is not sent, or its answer is dropped, so no stale list covers the form.
  const isPickerBox = (elt) => elt.classList && elt.classList.contains("picker-box");
  document.addEventListener("htmx:configRequest", (event) => {
    const box = event.detail.elt;
    if (!isPickerBox(box) || box.dataset.picked === undefined || box.dataset.picked !== box.value) return;
    const focusOnEmptyMultiple = box.closest("[data-multiple]") && event.detail.triggeringEvent?.type === "focus";
    if (!focusOnEmptyMultiple) event.preventDefault();
  });
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (isPickerBox(event.detail.elt)) event.detail.xhr.pickerSentAt = performance.now();
  });
  document.addEventListener("htmx:beforeSwap", (event) => {
    const box = event.detail.elt;
    if (isPickerBox(box) && event.detail.xhr.pickerSentAt < Number(box.dataset.pickedAt || 0)) {
      event.detail.shouldSwap = false;
    }
  });
  function closePickers(except) {
    document.querySelectorAll(".picker-results").forEach((results) => {
      if (!except || !except.contains(results)) results.replaceChildren();
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && event.target.closest(".picker")) closePickers();
  });
  document.addEventListener("mousedown", (event) => closePickers(event.target.closest(".picker")));
  document.addEventListener("input", (event) => {
    const box = event.target.closest(".picker-box");
    if (box) delete box.dataset.picked;
    const picker = box && box.closest("[data-picker]:not([data-multiple])");
    if (picker && box.value.trim() === "") picker.querySelector(".picker-chosen input[type=hidden]").value = "";
  });

  // A formset grows row by row: the <template> holds Django's empty form (__prefix__ → the next index).
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-formset-add]");
    if (!button) return;
    const prefix = button.dataset.formsetAdd;
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const html = document.getElementById(button.dataset.template).innerHTML.replaceAll("__prefix__", total.value);
    const body = document.getElementById(button.dataset.target);
    const holder = document.createElement("tbody");
    holder.innerHTML = html;
    const rows = Array.from(holder.children);
    body.append(...rows);
    total.value = String(Number(total.value) + 1);
    rows.forEach((row) => window.htmx && window.htmx.process(row));
  });

  document.addEventListener("DOMContentLoaded", () => bindConfirms(document));
  document.addEventListener("htmx:afterSwap", (event) => bindConfirms(event.detail.target));
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt.closest("form");
    const slot = form && form.querySelector(".save-error");
    if (slot) slot.textContent = "";
  });
  document.addEventListener("htmx:sendError", (event) => {
    showSaveError(event, document.documentElement.lang === "en"
      ? "Not saved: the network connection failed. What you typed is still here; try saving again."
      : "Chưa lưu được: mất kết nối mạng. Nội dung bạn nhập vẫn còn, hãy bấm Lưu lại.");
  });
  document.addEventListener("htmx:responseError", (event) => {
    if (event.detail.xhr.getResponseHeader("X-Session-Expired")) return; // fieldwork.js says so and keeps the form
    const status = event.detail.xhr.status;
    showSaveError(event, document.documentElement.lang === "en"
      ? `Not saved: the server answered ${status}. What you typed is still here.`
      : `Chưa lưu được: máy chủ trả lỗi ${status}. Nội dung bạn nhập vẫn còn, hãy thử lại hoặc tải lại trang.`);
  });
})();
