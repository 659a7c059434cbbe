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
    const status = event.detail.xhr.status;
    showSaveError(event, document.documentElement.lang === "en"
      ? `Not saved: the server answered ${status}. What you typed is still here.`
      : `Chưa lưu được: máy chủ trả lỗi ${status}. Nội dung bạn nhập vẫn còn, hãy thử lại hoặc tải lại trang.`);
  });
})();
