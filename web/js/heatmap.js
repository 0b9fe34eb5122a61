// The probe matrix of one network as a heatmap on a canvas: row = source host, column = destination.
// Cells are written straight into one ImageData (no per-cell drawing call), so a 300 x 300 matrix draws in
// a few milliseconds; hosts are grouped (host_order.js) with a gap between groups.
import { NO_DATA, STALE, bucketOf, packed, scaleFor } from "./colours.js";
import { milliseconds, percent } from "./format.js";
import { orderHosts } from "./host_order.js";

const GROUP_GAP = 3;
const DIAGONAL = "#eceff1";
const MAX_GRID_PX = 900;

export class Heatmap {
  constructor(canvas, tooltip, onPick) {
    this.canvas = canvas;
    this.tooltip = tooltip;
    this.onPick = onPick;
    this.order = [];
    this.lastDrawMs = null;
    canvas.addEventListener("mousemove", (e) => this.hover(e));
    canvas.addEventListener("mouseleave", () => { this.tooltip.hidden = true; });
    canvas.addEventListener("click", (e) => {
      const cell = this.cellAt(e);
      if (cell) this.onPick(this.order[cell.row], this.order[cell.column]);
    });
  }

  // Draws `matrix` (GET /api/v1/matrix) showing `metric` ("loss", "rtt_p50_ms", "rtt_p99_ms").
  update(matrix, topology, metric) {
    const started = performance.now();
    this.matrix = matrix;
    this.metric = metric;
    const names = new Set(matrix.hosts.map((h) => h.host));
    for (const p of matrix.pairs) { names.add(p.src); names.add(p.dst); }
    const { order, groups } = orderHosts([...names], topology);
    this.order = order;
    this.groups = groups;
    const n = order.length;
    this.index = new Map(order.map((h, i) => [h, i]));
    this.stale = new Uint8Array(n);
    for (const h of matrix.hosts) if (h.stale) this.stale[this.index.get(h.host)] = 1;
    this.cellPair = new Int32Array(n * n).fill(-1);
    matrix.pairs.forEach((p, k) => { this.cellPair[this.index.get(p.src) * n + this.index.get(p.dst)] = k; });

    // Cell size and each host's offset along an axis (groups are set apart by a gap).
    const gaps = Math.max(0, groups.length - 1) * GROUP_GAP;
    this.cell = Math.max(2, Math.min(22, Math.floor((MAX_GRID_PX - gaps) / Math.max(1, n))));
    this.offset = new Int32Array(n);
    groups.forEach((g, gi) => {
      for (let i = g.start; i < g.start + g.count; i++) this.offset[i] = i * this.cell + gi * GROUP_GAP;
    });
    const grid = n ? this.offset[n - 1] + this.cell : 0;
    this.names = this.cell >= 10;  // room to write host names on the axes
    this.left = this.names ? 120 : 130;
    this.top = this.names ? 120 : 22;
    this.canvas.width = this.left + grid + 4;
    this.canvas.height = this.top + grid + 4;
    this.canvas.dataset.hosts = String(n);
    this.canvas.dataset.pairs = String(matrix.pairs.length);

    const ctx = this.canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    if (n) ctx.putImageData(this.cells(n, grid), this.left, this.top);
    this.labels(ctx);
    this.lastDrawMs = performance.now() - started;
    return this.lastDrawMs;
  }

  cells(n, grid) {
    const image = new ImageData(grid, grid);
    const pixels = new Uint32Array(image.data.buffer);
    pixels.fill(0xffffffff);
    const scale = scaleFor(this.metric).map((b) => packed(b.colour));
    const noData = packed(NO_DATA), stale = packed(STALE), diagonal = packed(DIAGONAL);
    const pairs = this.matrix.pairs, metric = this.metric;
    const side = this.cell >= 4 ? this.cell - 1 : this.cell;  // a 1-pixel seam between cells when there is room
    const bucketScale = scaleFor(metric);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        let colour;
        const k = this.cellPair[r * n + c];
        if (r === c && k < 0) colour = diagonal;
        else if (this.stale[r]) colour = stale;
        else if (k < 0 || pairs[k].sent === 0) colour = noData;
        else {
          const b = bucketOf(bucketScale, pairs[k][metric]);
          colour = b < 0 ? noData : scale[b];
        }
        const x0 = this.offset[c], y0 = this.offset[r];
        for (let y = y0; y < y0 + side; y++) pixels.fill(colour, y * grid + x0, y * grid + x0 + side);
      }
    }
    return image;
  }

  labels(ctx) {
    ctx.fillStyle = "#1f2933";
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    if (this.names) {
      this.order.forEach((h, i) => {
        const mid = this.offset[i] + this.cell / 2;
        ctx.textAlign = "right";
        ctx.fillStyle = this.stale[i] ? STALE : "#1f2933";
        ctx.fillText(h, this.left - 6, this.top + mid, this.left - 8);
        ctx.save();
        ctx.translate(this.left + mid, this.top - 6);
        ctx.rotate(-Math.PI / 2);
        ctx.textAlign = "left";
        ctx.fillText(h, 0, 0, this.top - 8);
        ctx.restore();
      });
    }
    // Group names on the left, and a tick above each group's first column.
    ctx.fillStyle = "#52606d";
    ctx.textAlign = "left";
    for (const g of this.groups) {
      if (!g.label) continue;
      const start = this.offset[g.start];
      const end = this.offset[g.start + g.count - 1] + this.cell;
      ctx.fillRect(this.left + start, this.names ? 18 : this.top - 6, end - start, 2);
      if (this.names && end - start >= 40) ctx.fillText(g.label, this.left + start, 9, end - start);  // room to read it
      else ctx.fillText(g.label, 2, this.top + (start + end) / 2, this.left - 6);
    }
  }

  // {row, column} of the mouse event's cell, or null.
  cellAt(event) {
    const rect = this.canvas.getBoundingClientRect();
    const x = (event.clientX - rect.left) * (this.canvas.width / rect.width) - this.left;
    const y = (event.clientY - rect.top) * (this.canvas.height / rect.height) - this.top;
    const column = this.indexAt(x), row = this.indexAt(y);
    return column < 0 || row < 0 ? null : { row, column };
  }

  indexAt(position) {
    for (let i = 0; i < this.order.length; i++) {
      if (position >= this.offset[i] && position < this.offset[i] + this.cell) return i;
    }
    return -1;
  }

  hover(event) {
    const cell = this.cellAt(event);
    if (!cell) { this.tooltip.hidden = true; return; }
    const n = this.order.length;
    const src = this.order[cell.row], dst = this.order[cell.column];
    const k = this.cellPair[cell.row * n + cell.column];
    let text = `${src} → ${dst}\n`;
    if (k < 0) text += "no probes in the window";
    else {
      const p = this.matrix.pairs[k];
      text += `loss ${percent(p.loss)} (${p.lost} of ${p.sent})\nRTT p50 ${milliseconds(p.rtt_p50_ms)}, p99 ${milliseconds(p.rtt_p99_ms)}`;
    }
    if (this.stale[cell.row]) text += `\n${src} is stale: its reports stopped`;
    this.tooltip.textContent = text;
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${event.offsetX + 16}px`;
    this.tooltip.style.top = `${event.offsetY + 12}px`;
  }

  // The colour drawn for a pair, "#rrggbb" read back from the canvas (for tests and the docs' figures).
  colourOf(src, dst) {
    const r = this.index.get(src), c = this.index.get(dst);
    if (r === undefined || c === undefined) return null;
    const [red, green, blue] = this.canvas.getContext("2d")
      .getImageData(this.left + this.offset[c], this.top + this.offset[r], 1, 1).data;
    return "#" + [red, green, blue].map((v) => v.toString(16).padStart(2, "0")).join("");
  }
}
