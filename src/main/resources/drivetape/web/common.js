// Shared by the live and review pages: API calls (JSON, same origin, the token rides in a cookie) and formats.
"use strict";
(function () {
  // The token came in the URL once (?token=...): the server keeps it in a cookie; take it out of the address bar.
  if (location.search.includes("token=")) {
    history.replaceState(null, "", location.pathname);
  }
})();

async function api(method, path, body) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (method !== "GET") {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body || {});
  }
  const res = await fetch(path, options);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(data.error || res.status + " " + res.statusText);
  }
  return data;
}

function fmtSeconds(s) {
  s = Math.max(0, s || 0);
  const m = Math.floor(s / 60);
  return m + ":" + (s - m * 60).toFixed(1).padStart(4, "0");
}

function fmtBytes(b) {
  if (b == null || b < 0) return "?";
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  while (b >= 1000 && i < units.length - 1) { b /= 1000; i++; }
  return b.toFixed(i ? 1 : 0) + " " + units[i];
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

// Keep the screen on at the track (Wake Lock API); taken again when the page becomes visible.
async function keepAwake() {
  if (!("wakeLock" in navigator)) return;
  try { await navigator.wakeLock.request("screen"); } catch (e) { /* not allowed now: try on the next visit */ }
}
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") keepAwake(); });
keepAwake();
