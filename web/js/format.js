// How figures are written on the page.
export function percent(ratio) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return "–";
  if (ratio === 0) return "0%";
  return ratio < 0.001 ? "<0.1%" : `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

export function milliseconds(ms) {
  if (ms === null || ms === undefined) return "–";
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

export function clockTime(unixMs) {
  if (unixMs === null || unixMs === undefined) return "never";
  return new Date(unixMs).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

export function age(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 120) return `${seconds.toFixed(0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(0)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

// "15m" -> 900000
export function durationMs(text) {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2]];
}

// An alert's culprit: "cable ctl2:eno1 (confidence 0.86)" when localization named it, else "nic ctl1:eno2".
export function culpritText(culprit) {
  const text = `${culprit.kind} ${culprit.name}`;
  return typeof culprit.confidence === "number" ? `${text} (confidence ${culprit.confidence.toFixed(2)})` : text;
}

// A table cell or any element with text only (never HTML: host names and alert texts come from outside).
export function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}
