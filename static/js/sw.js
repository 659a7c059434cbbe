// Service worker (issue 17): the app shell and the visits opened online stay usable offline.
// Static files: cache first, refreshed in the background. A visit's workspace, its minutes page and
// its finding form: network first, the last copy when offline. Nothing else is cached; POSTs are
// never touched (the page's outbox keeps offline changes). Signing out empties the page cache.
const SHELL = "tthc-shell-v1";
const PAGES = "tthc-pages-v1";
const PAGE_PATHS = [/^\/kiem-tra\/\d+\/(ket-qua|phat-hien|bien-ban)\/$/, /^\/minh-chung\/\d+\/anh-nho\/$/];

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (![SHELL, PAGES].includes(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

const isShell = (url) => url.pathname.startsWith("/static/") || url.pathname === "/manifest.webmanifest";
const isPage = (url) => PAGE_PATHS.some((pattern) => pattern.test(url.pathname));
const fragmentKey = (url) => `${url.href}${url.search ? "&" : "?"}__hx=1`; // htmx fragment ≠ the full page

async function store(url, hx) {
  const target = new URL(url, self.location.origin);
  const response = await fetch(target.href, { credentials: "same-origin", headers: hx ? { "HX-Request": "true" } : {} });
  if (!response.ok || response.redirected) return false;
  const cache = await caches.open(isShell(target) ? SHELL : PAGES);
  await cache.put(hx ? fragmentKey(target) : target.href, response);
  return true;
}

// The page asked for these copies; it is told how many were stored, so it can say whether the visit
// now opens without a connection (#offline-ready) instead of the inspector finding out at the agency.
async function storeAll(data, client) {
  const stored = await Promise.all((data.urls || []).map((item) => {
    const entry = typeof item === "string" ? { url: item, hx: false } : item;
    return store(entry.url, entry.hx).catch(() => false);
  }));
  const failed = stored.filter((ok) => !ok).length;
  if (client) client.postMessage({ type: "cached", full: Boolean(data.full), stored: stored.length - failed, failed });
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "cache") {
    event.waitUntil(storeAll(data, event.source));
  } else if (data.type === "claim") {
    event.waitUntil(self.clients.claim()); // a page that loaded while this worker was activating
  } else if (data.type === "signed-out") {
    event.waitUntil(caches.delete(PAGES));
  }
});

async function shellFirst(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  return cached || fresh;
}

async function networkFirst(request, url) {
  const hx = request.headers.get("HX-Request") === "true";
  const key = hx ? fragmentKey(url) : url.href;
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    return request.mode === "navigate" ? offlinePage() : Response.error();
  }
}

function offlinePage() {
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Không có kết nối mạng</title>
<link rel="stylesheet" href="/static/bootstrap/css/bootstrap.min.css"></head><body class="p-4">
<h1 class="h4">Không có kết nối mạng</h1>
<p>Trang này chưa được mở khi có mạng nên chưa có trên máy. Các cuộc kiểm tra đã mở khi có mạng vẫn dùng được;
tài liệu, trang tổng hợp và việc bắt đầu một cuộc kiểm tra cần có mạng.</p>
<p lang="en" class="text-muted">You are offline and this page was not opened online before.</p>
<p><a href="/">Trang chủ</a></p></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isShell(url)) event.respondWith(shellFirst(request));
  else if (isPage(url)) event.respondWith(networkFirst(request, url));
  else if (request.mode === "navigate") event.respondWith(fetch(request).catch(() => offlinePage()));
});
