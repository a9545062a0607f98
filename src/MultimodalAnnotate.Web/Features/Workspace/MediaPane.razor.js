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
