// The review page: a frame player (real speed, arrow keys, scrubber), a plot of every channel with a cursor and
// the excluded ranges shaded, and mark start / mark end / exclude / restore / delete through the JSON API.
"use strict";
const id = decodeURIComponent(location.pathname.split("/")[2]);
const COLORS = ["#4db8ff", "#ff9f1c", "#3ddc5c", "#ff5ca8", "#c792ea", "#ffe066", "#7fdbca", "#f78c6c"];
let ep = null;          // the episode's JSON
let pos = 0;            // row in ep.frames
let marks = { start: null, end: null };
let playing = false, playTimer = null;
const img = document.getElementById("frame");
const scrubber = document.getElementById("scrubber");

function message(text) { document.getElementById("message").textContent = text || ""; }

function frameUrl(row) {
  const file = ep.frames.file[row];
  return file ? "/episodes/" + encodeURIComponent(id) + "/frames/" + encodeURIComponent(file) : "";
}

function isExcluded(index) {
  return ep.excluded.some(([a, b]) => index >= a && index <= b);
}

function show(row) {
  if (!ep || ep.frames.index.length === 0) return;
  pos = Math.max(0, Math.min(ep.frames.index.length - 1, row));
  const url = frameUrl(pos);
  if (url) img.src = url; else img.removeAttribute("src");
  scrubber.value = pos;
  const index = ep.frames.index[pos];
  document.getElementById("index").textContent = index;
  document.getElementById("time").textContent = fmtSeconds(ep.frames.t_ms[pos] / 1000);
  document.getElementById("excluded-mark").textContent = isExcluded(index) ? "· EXCLUDED" : "";
  // Load the next frame ahead so playing does not wait for the network.
  if (pos + 1 < ep.frames.index.length && frameUrl(pos + 1)) new Image().src = frameUrl(pos + 1);
  draw();
}

function step(d) { pause(); show(pos + d); }

function play() {
  if (!ep || ep.frames.index.length < 2) return;
  if (pos >= ep.frames.index.length - 1) pos = 0;
  playing = true;
  document.getElementById("play").textContent = "Pause";
  // Real speed: the wall clock since play maps onto the frames' own times.
  const t0 = performance.now() - ep.frames.t_ms[pos];
  const tick = () => {
    if (!playing) return;
    const now = performance.now() - t0;
    let row = pos;
    while (row + 1 < ep.frames.index.length && ep.frames.t_ms[row + 1] <= now) row++;
    if (row !== pos) show(row);
    if (pos >= ep.frames.index.length - 1) { pause(); return; }
    playTimer = setTimeout(tick, Math.max(1, Math.min(100, ep.frames.t_ms[pos + 1] - now)));
  };
  tick();
}

function pause() {
  playing = false;
  clearTimeout(playTimer);
  document.getElementById("play").textContent = "Play";
}

// ---- plot ----
const canvas = document.getElementById("plot");
function endMs() {
  return Math.max(1, ep.frames.t_ms.length ? ep.frames.t_ms[ep.frames.t_ms.length - 1] : 1, ep.duration_s * 1000);
}
function xOf(tMs, w) { return (tMs / endMs()) * w; }
function tOfIndex(index) {
  const row = ep.frames.index.indexOf(index);
  return row < 0 ? 0 : ep.frames.t_ms[row];
}

function draw() {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== w * dpr) { canvas.width = w * dpr; canvas.height = h * dpr; }
  const g = canvas.getContext("2d");
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  if (!ep) return;
  g.fillStyle = "rgba(255, 45, 45, 0.35)";
  for (const [a, b] of ep.excluded) {
    const x0 = xOf(tOfIndex(a), w), x1 = xOf(tOfIndex(b), w);
    g.fillRect(x0, 0, Math.max(2, x1 - x0), h);
  }
  let lo = 1000, hi = 2000;
  for (const s of Object.values(ep.channels)) for (const v of s.value) if (v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const yOf = v => h - 6 - ((v - lo) / Math.max(1, hi - lo)) * (h - 12);
  Object.entries(ep.channels).forEach(([name, s], i) => {
    g.strokeStyle = COLORS[i % COLORS.length];
    g.lineWidth = 2;
    g.beginPath();
    for (let k = 0; k < s.t_ms.length; k++) {
      const x = xOf(s.t_ms[k], w), y = yOf(s.value[k] || lo);
      if (k === 0) g.moveTo(x, y); else g.lineTo(x, y);
    }
    g.stroke();
  });
  for (const [key, color] of [["start", "#3ddc5c"], ["end", "#ffcc00"]]) {
    if (marks[key] == null) continue;
    g.fillStyle = color;
    g.fillRect(xOf(tOfIndex(marks[key]), w) - 1, 0, 3, h);
  }
  if (ep.frames.t_ms.length) {
    g.fillStyle = "#fff";
    g.fillRect(xOf(ep.frames.t_ms[pos], w) - 1, 0, 2, h);
  }
}

canvas.addEventListener("pointerdown", e => {
  if (!ep || !ep.frames.t_ms.length) return;
  const r = canvas.getBoundingClientRect();
  const t = ((e.clientX - r.left) / r.width) * endMs();
  let row = 0;
  while (row + 1 < ep.frames.t_ms.length && ep.frames.t_ms[row + 1] <= t) row++;
  pause();
  show(row);
});

// ---- marks, exclude, restore, delete ----
function showRanges() {
  const m = marks.start == null && marks.end == null ? "–"
    : (marks.start ?? "?") + " … " + (marks.end ?? "?");
  document.getElementById("range").textContent = m;
  document.getElementById("ranges").textContent = ep.excluded.length
    ? ep.excluded.map(([a, b]) => a + "–" + b).join(", ") : "none";
}

function markedRange() {
  const here = ep.frames.index[pos];
  const a = marks.start ?? here, b = marks.end ?? here;
  return { from: Math.min(a, b), to: Math.max(a, b) };
}

async function change(kind) {
  try {
    const r = await api("POST", "/api/episodes/" + encodeURIComponent(id) + "/" + kind, markedRange());
    ep.excluded = r.excluded;
    document.getElementById("aligned").textContent = r.aligned_rows;
    marks = { start: null, end: null };
    message(kind === "exclude" ? "excluded; aligned.csv rebuilt" : "restored; aligned.csv rebuilt");
    showRanges();
    show(pos);
  } catch (e) { message(e.message); }
}

document.getElementById("mark-start").onclick = () => { marks.start = ep.frames.index[pos]; showRanges(); draw(); };
document.getElementById("mark-end").onclick = () => { marks.end = ep.frames.index[pos]; showRanges(); draw(); };
document.getElementById("exclude").onclick = () => change("exclude");
document.getElementById("restore").onclick = () => change("restore");
document.getElementById("delete").onclick = async () => {
  if (!confirm("Move episode " + id + " to the trash? (It can be restored.)")) return;
  try {
    await api("DELETE", "/api/episodes/" + encodeURIComponent(id));
    message("moved to the trash");
    document.getElementById("delete").hidden = true;
    document.getElementById("undelete").hidden = false;
  } catch (e) { message(e.message); }
};
document.getElementById("undelete").onclick = async () => {
  try {
    await api("POST", "/api/trash/" + encodeURIComponent(id) + "/restore");
    message("restored from the trash");
    document.getElementById("delete").hidden = false;
    document.getElementById("undelete").hidden = true;
  } catch (e) { message(e.message); }
};

document.getElementById("prev").onclick = () => step(-1);
document.getElementById("next").onclick = () => step(1);
document.getElementById("play").onclick = () => (playing ? pause() : play());
scrubber.addEventListener("input", () => { pause(); show(Number(scrubber.value)); });
document.addEventListener("keydown", e => {
  if (e.key === "ArrowRight") { e.preventDefault(); step(e.shiftKey ? 10 : 1); }
  else if (e.key === "ArrowLeft") { e.preventDefault(); step(e.shiftKey ? -10 : -1); }
  else if (e.key === " ") { e.preventDefault(); playing ? pause() : play(); }
});
window.addEventListener("resize", draw);

async function load() {
  try {
    ep = await api("GET", "/api/episodes/" + encodeURIComponent(id));
  } catch (e) { message(e.message); return; }
  document.getElementById("episode").textContent = id;
  const status = document.getElementById("status");
  status.textContent = ep.status;
  scrubber.max = Math.max(0, ep.frames.index.length - 1);
  document.getElementById("count").textContent = ep.frames.index.length;
  const facts = [["Started", ep.started_at], ["Length", fmtSeconds(ep.duration_s)],
    ["Frames", ep.frames.index.length], ["Sync", ep.sync_status || "?"]];
  document.getElementById("facts").replaceChildren(...facts.flatMap(([k, v]) =>
    [el("dt", { text: k }), el("dd", { text: String(v) })]));
  document.getElementById("legend").replaceChildren(...Object.keys(ep.channels).map((n, i) =>
    el("span", { style: "color:" + COLORS[i % COLORS.length], text: n })));
  document.getElementById("aligned").textContent = ep.aligned_rows ?? "?";
  showRanges();
  show(0);
}
load();
