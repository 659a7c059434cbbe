// Keyboard and screen-reader users after an htmx swap (issue 19): when the swap removed the focused
// element, focus moves to the changed region (its message first, else its first field), and the
// region's message is read out through the page's polite live region. Served as our static file
// (the Content-Security-Policy forbids inline scripts).
(function () {
  "use strict";

  const FOCUS_ORDER = "[data-focus], [role=alert], [role=status], input:not([type=hidden]), select, textarea, button, a[href]";
  const NATIVE = "input, select, textarea, button, a[href], summary";

  function announce(region) {
    const live = document.getElementById("live-region");
    const message = region.querySelector("[role=alert], [role=status]");
    if (!live || !message || !message.textContent.trim()) return;
    live.textContent = "";
    window.setTimeout(() => { live.textContent = message.textContent.trim(); }, 50);
  }

  function focusChanged(region) {
    const active = document.activeElement;
    if (active && active !== document.body && document.body.contains(active)) return; // focus survived
    const spot = region.querySelector(FOCUS_ORDER) || region;
    if (!spot.matches(NATIVE) && !spot.hasAttribute("tabindex")) spot.setAttribute("tabindex", "-1");
    spot.focus();
  }

  // Only the request's own target counts (not its out-of-band swaps), and only when the focus was in it.
  let pending = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    pending = target && target.contains(document.activeElement) ? (target.id || target) : null;
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    if (!pending) return;
    const region = typeof pending === "string" ? document.getElementById(pending) : event.detail.target;
    pending = null;
    if (!region || !document.body.contains(region)) return;
    focusChanged(region);
    announce(region);
  });
})();
