"use strict";
function text(id, value) { document.getElementById(id).textContent = value; }
function seconds(v) { return v === null || v === undefined ? "–" : v.toFixed(1) + " s"; }
function cell(row, value) { const td = document.createElement("td"); td.textContent = value; row.appendChild(td); }

function validation(v) {
  if (!v) { return "never"; }
  const when = new Date(v.finishedAt).toLocaleTimeString();
  return (v.outcome === "differences" ? v.differences.toLocaleString() + " differ" : v.outcome) + " at " + when;
}

function chart(points, threshold) {
  const svg = document.getElementById("chart");
  svg.innerHTML = "";
  const values = points.filter(p => p[1] !== null && !isNaN(p[1]));
  if (values.length < 2) { return; }
  const t0 = values[0][0], t1 = values[values.length - 1][0];
  const max = Math.max(1, threshold * 1.1 || 0, ...values.map(p => p[1]));
  const path = values.map((p, i) =>
    (i ? "L" : "M") + ((p[0] - t0) / Math.max(1, t1 - t0) * 600).toFixed(1) + "," + (115 - p[1] / max * 105).toFixed(1)).join(" ");
  const line = document.createElementNS("http://www.w3.org/2000/svg", "path");
  line.setAttribute("d", path);
  line.setAttribute("fill", "none");
  line.setAttribute("stroke", "#2f6fdb");
  line.setAttribute("stroke-width", "2");
  svg.appendChild(line);
  if (threshold) {
    const y = (115 - threshold / max * 105).toFixed(1);
    const limit = document.createElementNS("http://www.w3.org/2000/svg", "line");
    limit.setAttribute("x1", "0"); limit.setAttribute("x2", "600");
    limit.setAttribute("y1", y); limit.setAttribute("y2", y);
    limit.setAttribute("stroke", "#d43f3a"); limit.setAttribute("stroke-dasharray", "4 3");
    svg.appendChild(limit);
  }
  text("chart-label", "max " + max.toFixed(1) + " s" + (threshold ? " · dashed: cutover threshold " + threshold + " s" : ""));
}

function reverse(r) {
  document.getElementById("reverse").hidden = !r;
  if (!r) return;
  text("reverse-summary", "from R0 " + r.r0 + " · lag " + seconds(r.lagSeconds) + (r.unreadable ? " · the old source cannot be read: " + r.unreadable : ""));
  const body = document.querySelector("#reverse-tables tbody");
  body.innerHTML = "";
  for (const t of r.tables) {
    const row = document.createElement("tr");
    cell(row, t.table); cell(row, t.eventsApplied.toLocaleString());
    cell(row, seconds(t.lagSeconds)); cell(row, t.recordsBehind ?? "–");
    cell(row, t.stopped ? "stopped: " + t.error : "");
    if (t.stopped) row.className = "error";
    body.appendChild(row);
  }
  const rb = r.rollback;
  text("reverse-rollback", rb ? "Rollback: attempt " + rb.attempt + " " + rb.state + " (step " + rb.step + ")" + (rb.error ? ": " + rb.error : "") : "Rollback: not attempted");
}

function render(s) {
  text("migration", s.migration);
  const phase = document.getElementById("phase");
  phase.textContent = s.phase;
  phase.className = "badge " + s.phase.replace(" ", "-");
  text("lag", seconds(s.lagSeconds));
  text("rate", s.applyRate.toLocaleString());
  text("behind", s.recordsBehind.toLocaleString());
  text("cutover", s.cutover.state);
  const body = document.querySelector("#tables tbody");
  body.innerHTML = "";
  for (const t of s.tables) {
    const row = document.createElement("tr");
    cell(row, t.table);
    cell(row, t.phase + (t.applyPausedAt ? " · apply paused since " + new Date(t.applyPausedAt).toLocaleTimeString() : ""));
    cell(row, t.rowsCopied.toLocaleString());
    cell(row, t.chunksDone + "/" + t.chunksTotal); cell(row, t.eventsApplied.toLocaleString());
    cell(row, seconds(t.lagSeconds)); cell(row, t.recordsBehind ?? "–");
    cell(row, validation(t.validation)); cell(row, t.error ?? "");
    body.appendChild(row);
  }
  const steps = document.getElementById("steps");
  steps.innerHTML = "";
  for (const step of s.cutover.steps ?? []) {
    const li = document.createElement("li");
    li.textContent = step.step + ": " + (step.outcome ?? "running") + (step.seconds !== null ? " in " + step.seconds + " s" : "") + (step.detail ? " (" + step.detail + ")" : "");
    steps.appendChild(li);
  }
  text("cutover-error", s.cutover.error ?? "");
  chart(s.lagHistory, s.lagThresholdSeconds);
  reverse(s.reverse);
}

async function refresh() {
  try {
    const response = await fetch("/api/status", { cache: "no-store" });
    render(await response.json());
  } catch (e) {
    text("phase", "unreachable");
  }
}
refresh();
setInterval(refresh, 2000);
