// The live page: status pushed by Server-Sent Events (/api/events), the camera as MJPEG, start/stop.
"use strict";
let recording = false;
let lastEpisodes = "";

function channelRow(name) {
  const row = el("div", { class: "channel", id: "ch-" + name },
    el("div", { class: "name" }, el("span", { text: name }), el("span", { class: "value mono", text: "0" })),
    el("div", { class: "bar" }, el("div", { class: "fill" }), el("div", { class: "mid" })));
  document.getElementById("channels").append(row);
  return row;
}

function showChannels(channels) {
  for (const [name, us] of Object.entries(channels)) {
    const row = document.getElementById("ch-" + name) || channelRow(name);
    row.querySelector(".value").textContent = us === 0 ? "no signal" : String(us);
    // 1000..2000 us as a bar from the centre (1500): steering left/right, throttle back/forward.
    const x = Math.max(-1, Math.min(1, (us - 1500) / 500));
    const fill = row.querySelector(".fill");
    fill.style.left = (50 + Math.min(0, x) * 50) + "%";
    fill.style.width = (Math.abs(x) * 50) + "%";
  }
}

function show(s) {
  recording = s.recording;
  const state = document.getElementById("state");
  state.textContent = !s.session ? "REVIEW ONLY" : s.opening ? "OPENING…" : s.recording ? "● REC" : "WAITING";
  state.className = "badge " + (s.recording ? "rec" : "wait");
  document.getElementById("episode").textContent = s.episode || "";
  document.getElementById("elapsed").textContent = s.recording ? fmtSeconds(s.elapsed_s) : "";
  if (!s.session && !document.getElementById("camera").hidden) {
    // drivetape review: no camera, no recording; the episodes are what this page is for.
    document.querySelectorAll(".live-only").forEach(e => { e.hidden = true; });
    document.getElementById("preview").removeAttribute("src");
  }
  const button = document.getElementById("record");
  button.disabled = !s.session || s.opening;
  button.textContent = s.recording ? "Stop recording" : "Start recording";
  button.className = "big " + (s.recording ? "stop" : "start");
  showChannels(s.channels || {});
  const c = s.counts || {};
  document.getElementById("controls").textContent = c.controls ?? 0;
  document.getElementById("frames").textContent = c.frames ?? 0;
  document.getElementById("queue").textContent = c.write_queue ?? 0;
  document.getElementById("dropped").textContent = c.frames_dropped ?? 0;
  document.getElementById("badlines").textContent = c.bad_lines ?? 0;
  const last = s.last_episode;
  const sync = document.getElementById("sync");
  sync.textContent = last ? last.sync_status + " (max offset " + last.max_offset_ms + " ms)" : "–";
  sync.className = last && last.sync_status === "GOOD" ? "good" : "bad";
  document.getElementById("disk").textContent = fmtBytes(s.disk_free_bytes);
  document.getElementById("devices").textContent = !s.session ? "–"
    : "controller " + (s.controller_connected ? "✓" : "✗") + "  camera " + (s.camera_connected ? "✓" : "✗");
  const warnings = document.getElementById("warnings");
  warnings.replaceChildren(...(s.warnings || []).map(w => el("li", { text: w })));
  const episodes = (s.session_episodes || []).join(",") + "|" + s.episode;
  if (episodes !== lastEpisodes) {
    lastEpisodes = episodes;
    loadEpisodes();
  }
}

async function loadEpisodes() {
  try {
    const list = await api("GET", "/api/episodes");
    const rows = list.slice().reverse().map(e => el("tr", {},
      el("td", {}, e.recording ? el("span", { text: e.id + " (recording)" })
        : el("a", { href: "/episodes/" + encodeURIComponent(e.id), text: e.id })),
      el("td", { class: "mono", text: fmtSeconds(e.duration_s) }),
      el("td", { class: "mono", text: e.frames + (e.excluded_frames > 0 ? " (−" + e.excluded_frames + ")" : "") }),
      el("td", { class: e.sync_status === "GOOD" ? "good" : "bad", text: e.sync_status || e.status })));
    document.getElementById("episodes").replaceChildren(...rows);
    const trash = await api("GET", "/api/trash");
    document.getElementById("trash-section").hidden = trash.length === 0;
    document.getElementById("trash").replaceChildren(...trash.map(e => {
      const restore = el("button", { text: "Restore" });
      restore.onclick = async () => {
        try { await api("POST", "/api/trash/" + encodeURIComponent(e.id) + "/restore"); } catch (err) {
          document.getElementById("message").textContent = err.message;
        }
        loadEpisodes();
      };
      return el("tr", {}, el("td", { class: "mono", text: e.id }), el("td", {}, restore));
    }));
  } catch (e) {
    document.getElementById("message").textContent = e.message;
  }
}

document.getElementById("record").addEventListener("click", async () => {
  const message = document.getElementById("message");
  try {
    await api("POST", recording ? "/api/record/stop" : "/api/record/start");
    message.textContent = "";
  } catch (e) {
    message.textContent = e.message;
  }
});

// The camera: reconnect when the stream ends (the recorder restarted, the network dropped).
const preview = document.getElementById("preview");
preview.addEventListener("error", () => setTimeout(() => {
  if (!document.getElementById("camera").hidden) preview.src = "/stream.mjpg?t=" + Date.now();
}, 1000));

function connect() {
  const events = new EventSource("/api/events");
  events.addEventListener("status", e => show(JSON.parse(e.data)));
  events.onerror = () => { events.close(); setTimeout(connect, 1000); };
}
setInterval(loadEpisodes, 5000);
api("GET", "/api/status").then(show).catch(e => { document.getElementById("message").textContent = e.message; });
connect();
