// A <video> or <audio> element slaved to the workspace clock; clicking the video toggles play. For a video, an
// overlay canvas shows the 2D boxes drawn on the frame the player is showing (exact frame match on the video's real
// frame times), redrawn only when the frame changes.
//
// attach(element, offset, overlay, model) → handle { update(model), dispose() }
//   offset: shared-timeline time of the media's time 0 (seconds); overlay: a canvas over the video, or null;
//   model: { width, height, frames: number[] (media seconds), boxes: [{ t, x, y, w, h, c, l, flagged, error }] } (flagged: in an open finding; error: in an open error)
import * as clock from '/js/workspace/clock.js';

export function attach(element, offset, overlay, model) {
  const unregister = clock.registerMedia(element, offset);
  const onClick = () => clock.toggle();
  element.addEventListener('click', onClick);
  let m = model;
  let shownFrame = NaN;
  const frameAt = t => {
    const f = m.frames;
    let lo = 0, hi = f.length - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (f[mid] <= t + 1e-6) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at < 0 ? NaN : f[at];
  };
  const paint = frame => {
    if (!overlay) return;
    const dpr = window.devicePixelRatio || 1;
    const cw = element.clientWidth, ch = element.clientHeight;
    overlay.width = Math.round(cw * dpr);
    overlay.height = Math.round(ch * dpr);
    overlay.style.width = `${cw}px`;
    overlay.style.height = `${ch}px`;
    const ctx = overlay.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    if (!m.width || !m.height || Number.isNaN(frame)) return;
    const k = Math.min(cw / m.width, ch / m.height);
    const ox = (cw - m.width * k) / 2, oy = (ch - m.height * k) / 2;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.textBaseline = 'bottom';
    for (const b of m.boxes) {
      if (Math.abs(b.t - frame) > 1e-4) continue;
      const x = ox + b.x * k, y = oy + b.y * k;
      ctx.lineWidth = 2;
      ctx.setLineDash(b.flagged ? [6, 4] : []);
      ctx.strokeStyle = b.flagged ? (b.error ? '#d50000' : '#f9a825') : b.c;
      ctx.strokeRect(x, y, b.w * k, b.h * k);
      ctx.setLineDash([]);
      const w = ctx.measureText(b.l).width + 6;
      ctx.fillStyle = b.c;
      ctx.fillRect(x, y - 14, w, 14);
      ctx.fillStyle = '#fff';
      ctx.fillText(b.l, x + 3, y - 1);
    }
  };
  const follow = c => {
    const frame = frameAt(c.time - offset);
    if (frame === shownFrame || (Number.isNaN(frame) && Number.isNaN(shownFrame))) return;
    shownFrame = frame;
    paint(frame);
    if (overlay) overlay.dataset.frame = Number.isNaN(frame) ? '' : String(frame);
  };
  const unsubscribe = overlay ? clock.subscribe(follow) : () => {};
  const observer = overlay ? new ResizeObserver(() => paint(shownFrame)) : null;
  observer?.observe(element);
  return {
    update(model) { m = model; paint(shownFrame); },
    dispose() { element.removeEventListener('click', onClick); unsubscribe(); observer?.disconnect(); unregister(); },
  };
}

// An <audio> element slaved to the clock, with its waveform drawn on a canvas from the asset's precomputed peaks
// (GET {peaks}?level=n, the audiowaveform .dat v2 layout: 24-byte header, then int16 min/max pairs). The level is the
// coarsest with at least one bucket per device pixel of the part in view. The time segments of the audio are drawn over it (flagged ones
// dashed, the selected one outlined; labels of overlapping segments on separate lines), and the playhead follows the
// clock. A click seeks, and selects the shortest segment under it (OnSegmentPicked); a drag (editable items) draws a
// new segment, which .NET (OnSegmentDrawn, media seconds) turns into a draft waiting for its label; dragging a
// segment's start or end edge moves that edge, dragging inside the selected segment moves all of it (both
// OnSegmentResized); Esc cancels a drag. The mouse wheel zooms around
// the pointer (Shift+wheel or a sideways wheel pans, a double-click shows the whole audio again); the level of peaks
// follows the zoom, and while playing the view pages along with the playhead.
//
// attachAudio(element, offset, canvas, model, dotnet) → handle { update(model), dispose() }
//   model: { peaks: url, sampleRate, duration (media seconds), editable, segments: [{ id, s, e, c, l, flagged, error, selected }] }
const HEIGHT = 96;
const DRAG_PX = 4;

export function attachAudio(element, offset, canvas, model, dotnet) {
  const unregister = clock.registerMedia(element, offset);
  let m = model;
  let peaks = null; // the level shown: { count (buckets), at(i) (i-th int16 of the min/max pairs), samplesPerBucket, rate }
  let base = null;  // offscreen canvas: waveform and segments, redrawn on resize or model change
  let drag = null;  // { x0, x1, moved, edge } css pixels while dragging; edge: { segment, side: 's' | 'e' | 'both' } when resizing or moving
  let disposed = false;
  let view = { start: 0, end: Math.max(m.duration, 0.001) }; // the part of the audio in view, media seconds
  const levels = new Map(); // level → peaks, 'loading' or 'missing'
  let wanted = -1;

  const width = () => Math.max(1, canvas.clientWidth);
  const span = () => view.end - view.start;
  const toTime = x => view.start + Math.min(Math.max(x / width(), 0), 1) * span();
  const toX = t => ((t - view.start) / span()) * width();

  // The coarsest level with a bucket per device pixel of the view; loaded once, finer ones as the zoom needs them.
  async function load() {
    const dpr = window.devicePixelRatio || 1;
    let level = Math.max(0, Math.floor(Math.log2(Math.max(1, (span() * m.sampleRate) / (width() * dpr) / 256))));
    if (level === wanted) return;
    wanted = level;
    for (; level >= 0 && !disposed; level--) {
      const known = levels.get(level);
      if (known === 'missing') continue;
      if (known === 'loading') return;
      if (known) {
        show(level);
        return;
      }
      levels.set(level, 'loading');
      const response = await fetch(`${m.peaks}?level=${level}`, { credentials: 'same-origin' });
      if (response.ok) {
        levels.set(level, parse(await response.arrayBuffer()));
        // A finer level than the view needs is fine; a coarser one only until the finer one arrives.
        if (wanted >= level || !peaks) show(level);
        return;
      }
      levels.set(level, 'missing');
      if (response.status !== 404) break;
    }
    if (!peaks) {
      canvas.dataset.state = 'missing';
      render();
    }
  }

  function show(level) {
    peaks = levels.get(level);
    canvas.dataset.level = String(level);
    canvas.dataset.buckets = String(peaks.count);
    canvas.dataset.state = 'ready';
    render();
  }

  // Shows [start, start + length] (clamped to the audio), then fetches the level it needs.
  function setView(start, length) {
    const total = Math.max(m.duration, 0.001);
    length = Math.min(Math.max(length, Math.min(total, 0.05)), total);
    start = Math.min(Math.max(start, 0), total - length);
    view = { start, end: start + length };
    canvas.dataset.viewStart = view.start.toFixed(3);
    canvas.dataset.viewEnd = view.end.toFixed(3);
    render();
    load();
  }

  function parse(buffer) {
    const view = new DataView(buffer);
    const eightBit = (view.getUint32(4, true) & 1) === 1;
    const count = view.getUint32(16, true);
    const at = eightBit
      ? i => view.getInt8(24 + i) * 256
      : i => view.getInt16(24 + 2 * i, true);
    return { count, at, samplesPerBucket: view.getInt32(12, true), rate: view.getInt32(8, true) };
  }

  function render() {
    const dpr = window.devicePixelRatio || 1;
    const w = width();
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(HEIGHT * dpr);
    canvas.style.height = `${HEIGHT}px`;
    base = document.createElement('canvas');
    base.width = canvas.width;
    base.height = canvas.height;
    const ctx = base.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fafafa';
    ctx.fillRect(0, 0, w, HEIGHT);
    ctx.font = '600 11px system-ui, sans-serif';
    const laneEnds = [];
    const ordered = [...m.segments].sort((a, b) => Math.min(a.s, a.e) - Math.min(b.s, b.e));
    for (const s of ordered) {
      const x0 = toX(Math.min(s.s, s.e)), x1 = toX(Math.max(s.s, s.e));
      ctx.globalAlpha = 0.22;
      ctx.fillStyle = s.c;
      ctx.fillRect(x0, 0, Math.max(1, x1 - x0), HEIGHT);
      ctx.globalAlpha = 1;
      ctx.fillRect(x0, 0, Math.max(1, x1 - x0), 3);
      if (s.flagged) {
        ctx.setLineDash([6, 4]);
        ctx.lineWidth = 2;
        ctx.strokeStyle = s.error ? '#d50000' : '#f9a825';
        ctx.strokeRect(x0 + 1, 1, Math.max(1, x1 - x0 - 2), HEIGHT - 2);
        ctx.setLineDash([]);
      }
      if (s.selected) {
        ctx.lineWidth = 2;
        ctx.strokeStyle = '#1976d2';
        ctx.strokeRect(x0 + 1, 1, Math.max(1, x1 - x0 - 2), HEIGHT - 2);
      }
      // Labels go on the first line where they do not run into an earlier one (three lines, then the last).
      const labelWidth = ctx.measureText(s.l).width + 8;
      // A segment that starts before the view shows its label at the view's left edge.
      const lx = Math.max(x0, 0);
      if (lx >= w || x1 <= 0) continue;
      let lane = laneEnds.findIndex(end => end <= lx);
      if (lane < 0) lane = Math.min(laneEnds.length, 2);
      laneEnds[lane] = Math.max(laneEnds[lane] ?? 0, lx + labelWidth);
      ctx.fillStyle = '#37474f';
      ctx.fillText(s.l, lx + 3, 15 + 13 * lane);
    }
    const mid = HEIGHT / 2, half = HEIGHT / 2 - 4;
    ctx.strokeStyle = '#cfd8dc';
    ctx.beginPath();
    ctx.moveTo(0, mid);
    ctx.lineTo(w, mid);
    ctx.stroke();
    if (peaks && peaks.count > 0 && m.duration > 0) {
      // Buckets cover samplesPerBucket samples each from media time 0; one column per device pixel.
      const columns = base.width;
      const secondsPerBucket = peaks.samplesPerBucket / (peaks.rate || m.sampleRate || 1);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = '#546e7a';
      const scale = (half * dpr) / 32768;
      for (let px = 0; px < columns; px++) {
        const t0 = view.start + (px / columns) * span(), t1 = view.start + ((px + 1) / columns) * span();
        const b0 = Math.floor(t0 / secondsPerBucket);
        const b1 = Math.min(peaks.count, Math.max(b0 + 1, Math.ceil(t1 / secondsPerBucket)));
        if (b0 >= peaks.count) break;
        let lo = 0, hi = 0;
        for (let b = b0; b < b1; b++) {
          lo = Math.min(lo, peaks.at(2 * b));
          hi = Math.max(hi, peaks.at(2 * b + 1));
        }
        const top = mid * dpr - hi * scale, bottom = mid * dpr - lo * scale;
        ctx.fillRect(px, top, 1, Math.max(1, bottom - top));
      }
      if (span() < m.duration - 1e-6) {
        // Zoomed in: the times at the view's edges.
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.font = '10px system-ui, sans-serif';
        ctx.fillStyle = '#607d8b';
        const left = `${view.start.toFixed(2)} s`, right = `${view.end.toFixed(2)} s`;
        ctx.fillText(left, 3, HEIGHT - 4);
        ctx.fillText(right, w - ctx.measureText(right).width - 3, HEIGHT - 4);
      }
    } else if (canvas.dataset.state === 'missing') {
      ctx.fillStyle = '#78909c';
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillText('No waveform yet: the audio is still being processed.', 8, mid + 4);
    }
    paint();
  }

  function paint() {
    if (!base) return;
    const dpr = window.devicePixelRatio || 1;
    const ctx = canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(base, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (drag && drag.edge && drag.moved) {
      const [a, b] = resized(drag);
      const x0 = toX(a), x1 = toX(b);
      ctx.strokeStyle = '#1976d2';
      ctx.lineWidth = 2;
      ctx.setLineDash([4, 3]);
      ctx.strokeRect(x0 + 1, 1, Math.max(1, x1 - x0 - 2), HEIGHT - 2);
      ctx.setLineDash([]);
    } else if (drag && drag.moved) {
      const x0 = Math.min(drag.x0, drag.x1), x1 = Math.max(drag.x0, drag.x1);
      ctx.fillStyle = 'rgba(25, 118, 210, 0.25)';
      ctx.fillRect(x0, 0, x1 - x0, HEIGHT);
      ctx.strokeStyle = '#1976d2';
      ctx.lineWidth = 1;
      ctx.strokeRect(x0 + 0.5, 0.5, x1 - x0 - 1, HEIGHT - 1);
    }
    const t = clock.state().time - offset;
    if (t >= view.start && t <= view.end) {
      const x = Math.round(toX(t)) + 0.5;
      ctx.strokeStyle = '#d32f2f';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, HEIGHT);
      ctx.stroke();
    }
  }

  const local = e => e.clientX - canvas.getBoundingClientRect().left - canvas.clientLeft;
  const round = t => Math.round(t * 1000) / 1000;
  // The segment edge within a few pixels of x (the selected segment's first), for resizing.
  const edgeAt = x => {
    const near = s => ['s', 'e'].map(side => ({ segment: s, side, d: Math.abs(toX(side === 's' ? Math.min(s.s, s.e) : Math.max(s.s, s.e)) - x) }));
    const candidates = m.segments.flatMap(near).filter(c => c.d <= DRAG_PX);
    candidates.sort((a, b) => (b.segment.selected - a.segment.selected) || (a.d - b.d));
    return candidates[0] ?? null;
  };
  // The selected segment under x (not at its edges), for moving it whole.
  const selectedAt = x => m.segments.find(s => s.selected && toX(Math.min(s.s, s.e)) < x && x < toX(Math.max(s.s, s.e))) ?? null;
  // The segment's new [start, end] while one edge follows the pointer (an edge dragged past the other swaps them), or
  // while the whole segment moves with it (kept inside the audio).
  const resized = d => {
    const s = d.edge.segment;
    if (d.edge.side === 'both') {
      const a = Math.min(s.s, s.e), b = Math.max(s.s, s.e);
      const shift = Math.min(Math.max(toTime(d.x1) - toTime(d.x0), -a), m.duration - b);
      return [round(a + shift), round(b + shift)];
    }
    const t = toTime(d.x1);
    const fixed = d.edge.side === 's' ? Math.max(s.s, s.e) : Math.min(s.s, s.e);
    return [round(Math.min(t, fixed)), round(Math.max(t, fixed))];
  };
  const onDown = e => {
    if (e.button !== 0) return;
    canvas.setPointerCapture(e.pointerId);
    const at = local(e);
    const whole = m.editable ? selectedAt(at) : null;
    const edge = m.editable ? edgeAt(at) ?? (whole ? { segment: whole, side: 'both' } : null) : null;
    drag = { x0: local(e), x1: local(e), moved: false, edge };
  };
  const onMove = e => {
    if (!drag) {
      const at = local(e);
      canvas.style.cursor = !m.editable ? '' : edgeAt(at) ? 'ew-resize' : selectedAt(at) ? 'grab' : '';
      return;
    }
    drag.x1 = local(e);
    drag.moved ||= Math.abs(drag.x1 - drag.x0) > DRAG_PX;
    if (drag.moved && m.editable) paint();
  };
  const onUp = e => {
    if (!drag) return;
    const d = drag;
    drag = null;
    d.x1 = local(e);
    if (d.moved && m.editable && d.edge) {
      const [a, b] = resized(d);
      paint();
      if (b > a) dotnet.invokeMethodAsync('OnSegmentResized', d.edge.segment.id, a, b);
    } else if (d.moved && m.editable) {
      const a = round(toTime(Math.min(d.x0, d.x1))), b = round(toTime(Math.max(d.x0, d.x1)));
      paint();
      if (b > a) dotnet.invokeMethodAsync('OnSegmentDrawn', a, b);
    } else {
      const t = toTime(d.x1);
      clock.seek(offset + t);
      const under = m.segments
        .filter(s => Math.min(s.s, s.e) <= t && t <= Math.max(s.s, s.e))
        .sort((a, b) => Math.abs(a.e - a.s) - Math.abs(b.e - b.s))[0];
      if (under) dotnet.invokeMethodAsync('OnSegmentPicked', under.id);
    }
  };
  const onKey = e => {
    if (e.key === 'Escape' && drag) {
      drag = null;
      paint();
    }
  };
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerup', onUp);
  window.addEventListener('keydown', onKey);
  const onWheel = e => {
    e.preventDefault();
    const x = local(e);
    const sideways = e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY);
    if (sideways) {
      const delta = Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : e.deltaY;
      setView(view.start + (delta / width()) * span(), span());
    } else {
      // Zoom around the pointer: the time under it stays under it.
      const at = toTime(x), factor = e.deltaY < 0 ? 1 / 1.5 : 1.5;
      const length = span() * factor;
      setView(at - (x / width()) * length, length);
    }
  };
  const onDoubleClick = () => setView(0, m.duration);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('dblclick', onDoubleClick);
  const unsubscribe = clock.subscribe(c => {
    // While playing, the view pages along so the playhead stays in it.
    const t = c.time - offset;
    if (c.playing && span() < m.duration && (t > view.end || t < view.start) && t >= 0 && t <= m.duration) {
      setView(t, span());
    }
    paint();
  });
  const observer = new ResizeObserver(() => {
    render();
    load();
  });
  observer.observe(canvas);
  setView(0, m.duration);
  return {
    update(model) { m = model; render(); },
    dispose() {
      disposed = true;
      canvas.removeEventListener('wheel', onWheel);
      canvas.removeEventListener('dblclick', onDoubleClick);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      window.removeEventListener('keydown', onKey);
      unsubscribe();
      observer.disconnect();
      unregister();
    },
  };
}
