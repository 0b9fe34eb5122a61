// The heatmap's colour scales. A cell's colour says at a glance: no loss (green) to total loss (dark red);
// grey when the pair has no data in the window, dark grey when its source host is stale (its own reports
// stopped, so its row says nothing about the network).
export const NO_DATA = "#d0d4d9";
export const STALE = "#7a7f87";

export const LOSS_SCALE = [
  { upTo: 0, colour: "#2e9d4f", label: "0" },
  { upTo: 0.01, colour: "#a6d96a", label: "≤1%" },
  { upTo: 0.05, colour: "#fdd835", label: "≤5%" },
  { upTo: 0.2, colour: "#fb8c00", label: "≤20%" },
  { upTo: 0.999999, colour: "#d32f2f", label: "<100%" },
  { upTo: Infinity, colour: "#7f0000", label: "100%" },
];

export const RTT_SCALE = [
  { upTo: 0.25, colour: "#2e9d4f", label: "<0.25 ms" },
  { upTo: 0.5, colour: "#a6d96a", label: "<0.5" },
  { upTo: 1, colour: "#d9ef8b", label: "<1" },
  { upTo: 2, colour: "#fdd835", label: "<2" },
  { upTo: 5, colour: "#fb8c00", label: "<5" },
  { upTo: 20, colour: "#d32f2f", label: "<20" },
  { upTo: Infinity, colour: "#7f0000", label: "≥20 ms" },
];

export function scaleFor(metric) {
  return metric === "loss" ? LOSS_SCALE : RTT_SCALE;
}

// The index in `scale` of a value, or -1 for none.
export function bucketOf(scale, value) {
  if (value === null || value === undefined || Number.isNaN(value)) return -1;
  for (let i = 0; i < scale.length; i++) if (value <= scale[i].upTo) return i;
  return scale.length - 1;
}

// "#rrggbb" -> 0xAABBGGRR, the layout of a little-endian Uint32Array over ImageData.
export function packed(hex) {
  const r = parseInt(hex.slice(1, 3), 16), g = parseInt(hex.slice(3, 5), 16), b = parseInt(hex.slice(5, 7), 16);
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
