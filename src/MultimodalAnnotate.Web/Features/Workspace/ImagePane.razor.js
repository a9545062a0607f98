// The image pane's canvas: the image plus every 2D shape of the asset, drawn on one <canvas> (never one DOM node
// per shape), redrawn only when something changed (shapes, selection, hover, viewport), with a uniform grid as
// spatial index for hit-testing and culling. Drawing and editing happen here; the finished geometry is sent to
// .NET once (pointer up / Enter), never per mouse move.
//
// create(canvas, dotnet, options) → handle
//   options: { url, width, height, readOnly, tool: 'select'|'box'|'polygon'|'keypoints' }
//   handle.reset(shapes) / handle.update(upserts, removedIds) — shapes are
//     { id, k: 'box'|'polygon'|'points', v: number[] (box: x,y,w,h; polygon/points: x0,y0,x1,y1,…), c: '#rrggbb', l: label, e: entity id|null }
//   handle.setSelection(ids), setFlagged(ids, errorIds), setTool(tool), setReadOnly(bool), clearDraft(), fit(), dispose()
// .NET callbacks (JSInvokable on the pane): OnDrawn(kind, values), OnEdited(id, kind, values), OnPicked(id|null, additive)
import * as bus from '/js/workspace/bus.js';

const CELL = 64;
const HANDLE_PX = 6;
const MAX_LABELS = 400;
// A full-image base layer up to this many device pixels (32 MB); beyond, shapes in view are drawn directly.
const MAX_LAYER_PIXELS = 8_000_000;
const ZOOM_SETTLE_MS = 150;

class Grid {
  constructor(width, height) {
    this.cols = Math.max(1, Math.ceil(width / CELL));
    this.rows = Math.max(1, Math.ceil(height / CELL));
    this.cells = new Map();
  }

  range(bb) {
    const c = v => Math.min(this.cols - 1, Math.max(0, Math.floor(v / CELL)));
    const r = v => Math.min(this.rows - 1, Math.max(0, Math.floor(v / CELL)));
    return [c(bb[0]), r(bb[1]), c(bb[2]), r(bb[3])];
  }

  insert(shape) {
    const [c0, r0, c1, r1] = this.range(shape.bb);
    shape.cells = [];
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const key = r * this.cols + c;
        let set = this.cells.get(key);
        if (!set) this.cells.set(key, set = new Set());
        set.add(shape);
        shape.cells.push(key);
      }
    }
  }

  remove(shape) {
    for (const key of shape.cells || []) this.cells.get(key)?.delete(shape);
  }

  at(x, y) {
    const [c, r] = this.range([x, y, x, y]);
    return this.cells.get(r * this.cols + c) || [];
  }

  inRect(bb) {
    const [c0, r0, c1, r1] = this.range(bb);
    const out = new Set();
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const set = this.cells.get(r * this.cols + c);
        if (set) for (const s of set) out.add(s);
      }
    }
    return out;
  }
}

function bboxOf(k, v) {
  if (k === 'box') return [v[0], v[1], v[0] + v[2], v[1] + v[3]];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < v.length; i += 2) {
    x0 = Math.min(x0, v[i]); y0 = Math.min(y0, v[i + 1]);
    x1 = Math.max(x1, v[i]); y1 = Math.max(y1, v[i + 1]);
  }
  return [x0, y0, x1, y1];
}

function insidePolygon(v, x, y) {
  let inside = false;
  for (let i = 0, j = v.length - 2; i < v.length; j = i, i += 2) {
    const xi = v[i], yi = v[i + 1], xj = v[j], yj = v[j + 1];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const round = v => Math.round(v * 10) / 10;

export function create(canvas, dotnet, options) {
  return new ImageCanvas(canvas, dotnet, options);
}

class ImageCanvas {
  constructor(canvas, dotnet, options) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.dotnet = dotnet;
    this.width = options.width || 1;
    this.height = options.height || 1;
    this.readOnly = !!options.readOnly;
    this.tool = options.tool || 'select';
    this.shapes = new Map();
    this.byColour = new Map();
    this.version = 0;
    this.layer = null;
    this.lifted = null;
    this.grid = new Grid(this.width, this.height);
    this.selection = new Set();
    this.flagged = new Set();
    this.flaggedErrors = new Set();
    this.view = null;
    this.pending = false;
    this.drag = null;
    this.draft = null;
    this.poly = null;
    this.pointer = null;
    this.over = false;
    this.img = new Image();
    this.img.onload = () => { this.version++; this.requestDraw(); };
    this.img.src = options.url;
    this.stats = window.__maImageStats ??= { draws: 0, drawMs: 0 };

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(canvas.parentElement);
    this.unHover = bus.onHover(() => this.requestDraw());
    this.unKeys = bus.addKeyHook(e => this.onKey(e));
    this.handlers = {
      pointerdown: e => this.onDown(e),
      pointermove: e => this.onMove(e),
      pointerup: e => this.onUp(e),
      pointerleave: () => { this.over = false; if (!this.drag) bus.setHover(null, null); },
      pointerenter: () => { this.over = true; },
      wheel: e => this.onWheel(e),
      contextmenu: e => e.preventDefault(),
      auxclick: e => e.preventDefault(),
    };
    for (const [name, fn] of Object.entries(this.handlers)) canvas.addEventListener(name, fn, { passive: name !== 'wheel' });
    this.resize();
  }

  // ---- data from .NET --------------------------------------------------------------------------------------------

  reset(shapes) {
    this.shapes.clear();
    this.byColour.clear();
    this.grid = new Grid(this.width, this.height);
    this.update(shapes, []);
  }

  update(upserts, removes) {
    for (const id of removes) this.removeShape(id);
    for (const s of upserts) {
      this.removeShape(s.id);
      s.bb = bboxOf(s.k, s.v);
      this.shapes.set(s.id, s);
      this.grid.insert(s);
      let set = this.byColour.get(s.c);
      if (!set) this.byColour.set(s.c, set = new Set());
      set.add(s);
    }
    this.version++;
    this.requestDraw();
  }

  removeShape(id) {
    const old = this.shapes.get(id);
    if (!old) return;
    this.grid.remove(old);
    this.byColour.get(old.c)?.delete(old);
    this.shapes.delete(id);
  }

  setSelection(ids) { this.selection = new Set(ids); this.requestDraw(); }
  // ids: shapes in open findings; errors: those in an open error (the others are only in warnings: amber).
  setFlagged(ids, errors) { this.flagged = new Set(ids); this.flaggedErrors = new Set(errors ?? ids); this.requestDraw(); }
  setTool(tool) { this.tool = tool; this.poly = null; this.canvas.dataset.tool = tool; this.requestDraw(); }
  setReadOnly(value) { this.readOnly = !!value; }
  /** While linking, a click on any tool picks the counterpart instead of drawing. */
  setLinking(value) { this.linking = !!value; }
  clearDraft() { this.draft = null; this.requestDraw(); }

  dispose() {
    clearTimeout(this.zoomTimer);
    this.resizeObserver.disconnect();
    this.unHover();
    this.unKeys();
    for (const [name, fn] of Object.entries(this.handlers)) this.canvas.removeEventListener(name, fn);
  }

  // ---- viewport --------------------------------------------------------------------------------------------------

  resize() {
    const parent = this.canvas.parentElement;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, parent.clientWidth);
    const h = Math.max(1, parent.clientHeight);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.cssW = w;
    this.cssH = h;
    if (!this.view || !this.userMoved) this.fit();
    else this.requestDraw();
  }

  fit() {
    const s = Math.min(this.cssW / this.width, this.cssH / this.height) * 0.98;
    this.fitScale = s;
    this.setView(s, (this.cssW - this.width * s) / 2, (this.cssH - this.height * s) / 2);
  }

  setView(s, tx, ty) {
    this.view = { s, tx, ty };
    this.canvas.dataset.view = `${s},${tx},${ty}`;
    this.requestDraw();
  }

  toImage(e) {
    const r = this.canvas.getBoundingClientRect();
    const { s, tx, ty } = this.view;
    return { x: (e.clientX - r.left - tx) / s, y: (e.clientY - r.top - ty) / s, sx: e.clientX - r.left, sy: e.clientY - r.top };
  }

  clampX(x) { return Math.min(Math.max(x, 0), this.width); }
  clampY(y) { return Math.min(Math.max(y, 0), this.height); }

  onWheel(e) {
    e.preventDefault();
    const p = this.toImage(e);
    const { s } = this.view;
    const next = Math.min(Math.max(s * Math.exp(-e.deltaY * 0.0015), this.fitScale * 0.2), 40);
    this.userMoved = true;
    // While the wheel turns, the base layer is only stretched; it is painted crisp again once the wheel rests.
    this.zooming = true;
    clearTimeout(this.zoomTimer);
    this.zoomTimer = setTimeout(() => { this.zooming = false; this.requestDraw(); }, ZOOM_SETTLE_MS);
    this.setView(next, p.sx - p.x * next, p.sy - p.y * next);
  }

  // ---- pointer ---------------------------------------------------------------------------------------------------

  hit(x, y) {
    const tol = 3 / this.view.s;
    let best = null;
    let bestArea = Infinity;
    for (const s of this.grid.at(x, y)) {
      const [x0, y0, x1, y1] = s.bb;
      if (x < x0 - tol || x > x1 + tol || y < y0 - tol || y > y1 + tol) continue;
      if (s.k === 'polygon' && !insidePolygon(s.v, x, y)) continue;
      if (s.k === 'points') {
        let near = false;
        for (let i = 0; i < s.v.length; i += 2) near ||= Math.hypot(s.v[i] - x, s.v[i + 1] - y) < 6 / this.view.s;
        if (!near) continue;
      }
      const area = Math.max(1, (x1 - x0) * (y1 - y0));
      if (area < bestArea) { best = s; bestArea = area; }
    }
    return best;
  }

  handles(s) {
    if (s.k === 'box') {
      const [x, y, w, h] = s.v;
      return [[x, y], [x + w / 2, y], [x + w, y], [x + w, y + h / 2], [x + w, y + h], [x + w / 2, y + h], [x, y + h], [x, y + h / 2]];
    }
    const out = [];
    for (let i = 0; i < s.v.length; i += 2) out.push([s.v[i], s.v[i + 1]]);
    return out;
  }

  handleAt(p) {
    if (this.readOnly || this.selection.size !== 1) return null;
    const s = this.shapes.get([...this.selection][0]);
    if (!s) return null;
    const tol = HANDLE_PX / this.view.s;
    const hs = this.handles(s);
    for (let i = 0; i < hs.length; i++) {
      if (Math.abs(hs[i][0] - p.x) <= tol && Math.abs(hs[i][1] - p.y) <= tol) return { shape: s, index: i };
    }
    return null;
  }

  onDown(e) {
    const p = this.toImage(e);
    try { this.canvas.setPointerCapture(e.pointerId); } catch { /* synthetic events (measurements) have no capturable pointer */ }
    if (e.button === 1 || (e.button === 0 && bus.space.down)) {
      if (bus.space.down) bus.space.used = true;
      this.drag = { mode: 'pan', sx: p.sx, sy: p.sy, view: { ...this.view } };
      return;
    }
    if (e.button !== 0) return;
    const drawing = !this.readOnly && !this.linking && this.tool !== 'select';
    if (drawing && this.tool === 'box') {
      this.drag = { mode: 'box', x0: this.clampX(p.x), y0: this.clampY(p.y), x1: this.clampX(p.x), y1: this.clampY(p.y) };
      return;
    }
    if (drawing) {
      this.addPolyPoint(p);
      return;
    }
    const handle = this.handleAt(p);
    if (handle) {
      this.drag = { mode: 'resize', shape: handle.shape, index: handle.index, orig: [...handle.shape.v], moved: false };
      return;
    }
    const target = this.hit(p.x, p.y);
    this.dotnet.invokeMethodAsync('OnPicked', target ? target.id : null, e.shiftKey).catch(() => {});
    if (!target) {
      this.selection = new Set();
      this.drag = { mode: 'pan', sx: p.sx, sy: p.sy, view: { ...this.view } };
    } else {
      this.selection = e.shiftKey ? new Set([...this.selection, target.id]) : new Set([target.id]);
      if (!this.readOnly && !e.shiftKey) this.drag = { mode: 'move', shape: target, px: p.x, py: p.y, orig: [...target.v], moved: false };
    }
    this.requestDraw();
  }

  onMove(e) {
    const p = this.toImage(e);
    this.pointer = p;
    const d = this.drag;
    if (!d) {
      if (this.poly) { this.requestDraw(); }
      const target = this.hit(p.x, p.y);
      this.canvas.style.cursor = this.handleAt(p) ? 'nwse-resize' : target && this.tool === 'select' ? 'pointer' : this.tool === 'select' ? 'grab' : 'crosshair';
      bus.setHover(target?.e, target?.id);
      return;
    }
    if (d.mode === 'pan') {
      this.userMoved = true;
      this.setView(d.view.s, d.view.tx + p.sx - d.sx, d.view.ty + p.sy - d.sy);
    } else if (d.mode === 'box') {
      d.x1 = this.clampX(p.x);
      d.y1 = this.clampY(p.y);
      this.requestDraw();
    } else if (d.mode === 'move') {
      const [x0, y0, x1, y1] = bboxOf(d.shape.k, d.orig);
      const dx = Math.min(Math.max(p.x - d.px, -x0), this.width - x1);
      const dy = Math.min(Math.max(p.y - d.py, -y0), this.height - y1);
      if (!d.moved && Math.hypot(dx, dy) * this.view.s < 3) return;
      d.moved = true;
      this.lift(d.shape.id);
      const v = [...d.orig];
      if (d.shape.k === 'box') { v[0] += dx; v[1] += dy; } else for (let i = 0; i < v.length; i += 2) { v[i] += dx; v[i + 1] += dy; }
      this.reshape(d.shape, v);
    } else if (d.mode === 'resize') {
      d.moved = true;
      this.lift(d.shape.id);
      const x = this.clampX(p.x), y = this.clampY(p.y);
      const v = [...d.orig];
      if (d.shape.k === 'box') {
        let [bx0, by0, bx1, by1] = [v[0], v[1], v[0] + v[2], v[1] + v[3]];
        const i = d.index;
        if (i === 0 || i === 6 || i === 7) bx0 = x;
        if (i === 2 || i === 3 || i === 4) bx1 = x;
        if (i === 0 || i === 1 || i === 2) by0 = y;
        if (i === 4 || i === 5 || i === 6) by1 = y;
        v.splice(0, 4, Math.min(bx0, bx1), Math.min(by0, by1), Math.abs(bx1 - bx0), Math.abs(by1 - by0));
      } else {
        v[d.index * 2] = x;
        v[d.index * 2 + 1] = y;
      }
      this.reshape(d.shape, v);
    }
  }

  onUp(e) {
    const d = this.drag;
    this.drag = null;
    if (!d) return;
    this.lift(null);
    if (d.mode === 'box') {
      const x = Math.min(d.x0, d.x1), y = Math.min(d.y0, d.y1), w = Math.abs(d.x1 - d.x0), h = Math.abs(d.y1 - d.y0);
      if (w * this.view.s >= 4 && h * this.view.s >= 4 && w >= 1 && h >= 1) {
        this.draft = { k: 'box', v: [x, y, w, h].map(round) };
        this.dotnet.invokeMethodAsync('OnDrawn', 'box', this.draft.v).catch(() => {});
      } else {
        // A click without a drag in the box tool selects what is under it.
        const target = this.hit(d.x0, d.y0);
        this.selection = target ? new Set([target.id]) : new Set();
        this.dotnet.invokeMethodAsync('OnPicked', target ? target.id : null, false).catch(() => {});
      }
      this.requestDraw();
    } else if ((d.mode === 'move' || d.mode === 'resize') && d.moved) {
      const v = d.shape.v.map(round);
      if (d.shape.k === 'box' && (v[2] < 1 || v[3] < 1)) { this.reshape(d.shape, d.orig); return; }
      this.reshape(d.shape, v);
      this.dotnet.invokeMethodAsync('OnEdited', d.shape.id, d.shape.k, v).catch(() => {});
    }
  }

  reshape(shape, v) {
    this.grid.remove(shape);
    shape.v = v;
    shape.bb = bboxOf(shape.k, v);
    this.grid.insert(shape);
    if (shape.id !== this.lifted) this.version++;
    this.requestDraw();
  }

  /** While a shape is dragged it is left out of the base layer and drawn on top, so the layer is not rebuilt per move. */
  lift(id) {
    if (this.lifted === id) return;
    this.lifted = id;
    this.version++;
  }

  addPolyPoint(p) {
    const x = this.clampX(p.x), y = this.clampY(p.y);
    if (!this.poly) this.poly = { k: this.tool === 'polygon' ? 'polygon' : 'points', v: [] };
    const v = this.poly.v;
    if (this.poly.k === 'polygon' && v.length >= 6 && Math.hypot(v[0] - x, v[1] - y) * this.view.s < 8) {
      this.finishPoly();
      return;
    }
    v.push(round(x), round(y));
    this.requestDraw();
  }

  finishPoly() {
    const poly = this.poly;
    this.poly = null;
    if (!poly || (poly.k === 'polygon' && poly.v.length < 6) || poly.v.length < 2) { this.requestDraw(); return; }
    this.draft = poly;
    this.dotnet.invokeMethodAsync('OnDrawn', poly.k, poly.v).catch(() => {});
    this.requestDraw();
  }

  onKey(e) {
    if (this.poly) {
      if (e.key === 'Enter') { this.finishPoly(); return true; }
      if (e.key === 'Escape') { this.poly = null; this.requestDraw(); return true; }
      if (e.key === 'Backspace') { this.poly.v.splice(-2, 2); if (!this.poly.v.length) this.poly = null; this.requestDraw(); return true; }
    }
    if (this.drag && e.key === 'Escape') {
      if (this.drag.orig) this.reshape(this.drag.shape, this.drag.orig);
      this.drag = null;
      this.lift(null);
      this.requestDraw();
      return true;
    }
    if (e.key === '0' && this.over && !e.ctrlKey && !e.altKey) { this.userMoved = false; this.fit(); return true; }
    return false;
  }

  // ---- drawing ---------------------------------------------------------------------------------------------------

  requestDraw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.draw(); });
  }

  pathOf(ctx, s) {
    const v = s.v;
    if (s.k === 'box') { ctx.rect(v[0], v[1], v[2], v[3]); return; }
    if (s.k === 'points') {
      const r = 3 / this.view.s;
      for (let i = 0; i < v.length; i += 2) { ctx.moveTo(v[i] + r, v[i + 1]); ctx.arc(v[i], v[i + 1], r, 0, Math.PI * 2); }
      return;
    }
    ctx.moveTo(v[0], v[1]);
    for (let i = 2; i < v.length; i += 2) ctx.lineTo(v[i], v[i + 1]);
    ctx.closePath();
  }

  /** The image with every shape (and their labels) at one scale: panning only moves this bitmap. */
  baseLayer(dpr) {
    const { s } = this.view;
    const w = Math.ceil(this.width * s * dpr), h = Math.ceil(this.height * s * dpr);
    if (w * h > MAX_LAYER_PIXELS) return null;
    const c = this.layer;
    if (c && c.s === s && c.dpr === dpr && c.version === this.version) return c;
    const canvas = c?.canvas ?? document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr * s, 0, 0, dpr * s, 0, 0);
    ctx.imageSmoothingEnabled = s < 3;
    if (this.img.complete && this.img.naturalWidth) ctx.drawImage(this.img, 0, 0, this.width, this.height);
    const count = this.paintShapes(ctx, s, null);
    if (count <= MAX_LABELS) this.paintLabels(ctx, dpr, s, 0, 0, null);
    this.layer = { canvas, s, dpr, version: this.version };
    this.stats.layers = (this.stats.layers || 0) + 1;
    return this.layer;
  }

  /** Fills and strokes the shapes one colour at a time (one path per colour); returns how many were painted. */
  paintShapes(ctx, s, visible) {
    ctx.lineWidth = 1.5 / s;
    let count = 0;
    for (const [colour, set] of this.byColour) {
      ctx.beginPath();
      for (const shape of set) {
        if ((visible && !visible.has(shape)) || shape.id === this.lifted) continue;
        this.pathOf(ctx, shape);
        count++;
      }
      ctx.globalAlpha = 0.12;
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = colour;
      ctx.stroke();
    }
    return count;
  }

  /** Labels in screen space (11 px whatever the zoom). */
  paintLabels(ctx, dpr, s, tx, ty, visible) {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.textBaseline = 'bottom';
    for (const [colour, set] of this.byColour) {
      for (const shape of set) {
        if ((visible && !visible.has(shape)) || shape.id === this.lifted) continue;
        const x = shape.bb[0] * s + tx, y = shape.bb[1] * s + ty;
        const w = ctx.measureText(shape.l).width + 6;
        ctx.fillStyle = colour;
        ctx.fillRect(x, y - 14, w, 14);
        ctx.fillStyle = '#fff';
        ctx.fillText(shape.l, x + 3, y - 1);
      }
    }
  }

  draw() {
    const started = performance.now();
    const { ctx, canvas } = this;
    const dpr = window.devicePixelRatio || 1;
    const { s, tx, ty } = this.view;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#263238';
    ctx.fillRect(0, 0, canvas.width, canvas.height);

    const stale = this.layer;
    const layer = this.zooming && stale && stale.dpr === dpr && stale.version === this.version ? stale : this.baseLayer(dpr);
    if (layer) {
      const k = s / layer.s;
      if (k === 1) ctx.drawImage(layer.canvas, Math.round(dpr * tx), Math.round(dpr * ty));
      else ctx.drawImage(layer.canvas, dpr * tx, dpr * ty, layer.canvas.width * k, layer.canvas.height * k);
    } else {
      // Zoomed in too far for a full-image layer: draw what is in view, the grid giving the candidates.
      ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * tx, dpr * ty);
      ctx.imageSmoothingEnabled = s < 3;
      if (this.img.complete && this.img.naturalWidth) ctx.drawImage(this.img, 0, 0, this.width, this.height);
      const visible = this.grid.inRect([-tx / s, -ty / s, (this.cssW - tx) / s, (this.cssH - ty) / s]);
      if (this.paintShapes(ctx, s, visible) <= MAX_LABELS) this.paintLabels(ctx, dpr, s, tx, ty, visible);
    }

    ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * tx, dpr * ty);
    const px = 1 / s;
    const hover = bus.currentHover();
    const emphasise = (shape, colour, width, dash) => {
      ctx.beginPath();
      this.pathOf(ctx, shape);
      ctx.setLineDash(dash ? dash.map(d => d * px) : []);
      ctx.lineWidth = width * px;
      ctx.strokeStyle = colour;
      ctx.stroke();
      ctx.setLineDash([]);
    };
    if (this.lifted && this.shapes.get(this.lifted)) {
      const shape = this.shapes.get(this.lifted);
      ctx.beginPath();
      this.pathOf(ctx, shape);
      ctx.globalAlpha = 0.2;
      ctx.fillStyle = shape.c;
      ctx.fill();
      ctx.globalAlpha = 1;
      emphasise(shape, shape.c, 1.5);
    }
    for (const id of this.flagged) {
      const shape = this.shapes.get(id);
      if (shape) emphasise(shape, this.flaggedErrors.has(id) ? '#d50000' : '#f9a825', 3, [6, 4]);
    }
    if (hover.entity || hover.annotation) {
      for (const shape of this.shapes.values()) {
        if ((hover.entity && shape.e === hover.entity) || shape.id === hover.annotation) {
          emphasise(shape, '#ffffff', 5);
          emphasise(shape, shape.c, 2.5);
        }
      }
    }
    for (const id of this.selection) {
      const shape = this.shapes.get(id);
      if (!shape) continue;
      emphasise(shape, '#ffeb3b', 3);
      if (this.selection.size === 1 && !this.readOnly) {
        ctx.fillStyle = '#ffeb3b';
        const h = HANDLE_PX * px;
        for (const [hx, hy] of this.handles(shape)) ctx.fillRect(hx - h / 2, hy - h / 2, h, h);
      }
    }
    const d = this.drag;
    if (d && d.mode === 'box') emphasise({ k: 'box', v: [Math.min(d.x0, d.x1), Math.min(d.y0, d.y1), Math.abs(d.x1 - d.x0), Math.abs(d.y1 - d.y0)] }, '#ffeb3b', 2, [5, 4]);
    if (this.draft) emphasise(this.draft, '#ffeb3b', 2, [5, 4]);
    if (this.poly) {
      const v = this.pointer ? [...this.poly.v, this.clampX(this.pointer.x), this.clampY(this.pointer.y)] : this.poly.v;
      ctx.beginPath();
      ctx.moveTo(v[0], v[1]);
      for (let i = 2; i < v.length; i += 2) ctx.lineTo(v[i], v[i + 1]);
      ctx.lineWidth = 2 * px;
      ctx.strokeStyle = '#ffeb3b';
      ctx.setLineDash([5 * px, 4 * px]);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#ffeb3b';
      for (let i = 0; i < this.poly.v.length; i += 2) ctx.fillRect(this.poly.v[i] - 3 * px, this.poly.v[i + 1] - 3 * px, 6 * px, 6 * px);
    }
    this.canvas.dataset.shapes = String(this.shapes.size);
    this.stats.draws++;
    this.stats.drawMs += performance.now() - started;
  }
}
