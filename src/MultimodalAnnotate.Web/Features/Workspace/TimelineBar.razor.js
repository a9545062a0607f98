// The shared timeline along the bottom of the workspace: transport buttons, time readout and a scrubber canvas with
// one track per pane (annotation extents) and a lane of finding markers. The static tracks are drawn once per model
// or size change into an offscreen canvas; each animation frame only copies it and draws the cursor.
//
// create(root, dotnet, model) → handle { update(model), dispose() }
//   model: { start, end, frames: number[], tracks: [{ name, items: [{ s, e, c, id }] }], markers: [{ t, severity, id }] }
//   (all times on the shared timeline, seconds; severity 0 info, 1 warning, 2 error)
//   root holds [data-action=play|back|forward|slower|faster], [data-role=time], [data-role=rate] and a canvas[data-role=scrubber].
// .NET callback: OnMarkerClicked(findingId)
import * as clock from '/js/workspace/clock.js';

const ROW = 14;
const MARKER_LANE = 14;
const LABEL_W = 90;
const SEVERITY = ['#0288d1', '#f9a825', '#d50000'];

const fmt = t => `${t.toFixed(2)} s`;

export function create(root, dotnet, model) {
  const canvas = root.querySelector('canvas[data-role=scrubber]');
  const ctx = canvas.getContext('2d');
  const timeEl = root.querySelector('[data-role=time]');
  const rateEl = root.querySelector('[data-role=rate]');
  const playEl = root.querySelector('[data-action=play]');
  const back = document.createElement('canvas');
  let m = model;
  let scrubbing = false;
  let pending = false;

  const xOf = t => LABEL_W + ((t - m.start) / (m.end - m.start)) * (canvas.clientWidth - LABEL_W - 8);
  const tOf = x => m.start + ((x - LABEL_W) / (canvas.clientWidth - LABEL_W - 8)) * (m.end - m.start);

  const layout = () => {
    const dpr = window.devicePixelRatio || 1;
    const h = MARKER_LANE + Math.max(1, m.tracks.length) * ROW + 4;
    canvas.style.height = `${h}px`;
    canvas.width = Math.round(canvas.clientWidth * dpr);
    canvas.height = Math.round(h * dpr);
    back.width = canvas.width;
    back.height = canvas.height;
    const b = back.getContext('2d');
    b.setTransform(dpr, 0, 0, dpr, 0, 0);
    b.fillStyle = '#fafafa';
    b.fillRect(0, 0, canvas.clientWidth, h);
    b.font = '11px system-ui, sans-serif';
    b.textBaseline = 'middle';
    m.tracks.forEach((track, i) => {
      const y = MARKER_LANE + i * ROW;
      b.fillStyle = i % 2 ? '#f0f0f0' : '#e8eaf6';
      b.fillRect(LABEL_W, y, canvas.clientWidth - LABEL_W, ROW - 1);
      b.fillStyle = '#455a64';
      b.fillText(track.name, 4, y + ROW / 2, LABEL_W - 8);
      for (const { s, e, c } of track.items) {
        const x0 = xOf(s);
        const w = Math.max(2, xOf(e) - x0);
        b.fillStyle = c;
        b.globalAlpha = 0.75;
        b.fillRect(x0, y + 2, w, ROW - 5);
        b.globalAlpha = 1;
      }
    });
    for (const { t, severity } of m.markers) {
      const x = xOf(t);
      b.fillStyle = SEVERITY[severity] ?? SEVERITY[0];
      b.beginPath();
      b.moveTo(x - 5, 1);
      b.lineTo(x + 5, 1);
      b.lineTo(x, MARKER_LANE - 2);
      b.closePath();
      b.fill();
    }
    paint(clock.state());
  };

  const paint = c => {
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(back, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const x = xOf(c.time);
    ctx.fillStyle = '#d81b60';
    ctx.fillRect(x - 1, 0, 2, canvas.clientHeight);
    timeEl.textContent = `${fmt(c.time)} / ${fmt(m.end)}`;
    rateEl.textContent = `${c.rate}×`;
    playEl.textContent = c.playing ? '❚❚' : '▶';
    playEl.setAttribute('aria-label', c.playing ? 'Pause' : 'Play');
  };
  const schedule = c => {
    // The attributes follow the clock at once (tests and CSS read them); the canvas waits for the next frame.
    root.dataset.playing = c.playing ? 'true' : 'false';
    root.dataset.time = c.time.toFixed(3);
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; paint(c); });
  };

  const actions = {
    play: () => clock.toggle(),
    back: () => clock.step(-1),
    forward: () => clock.step(1),
    slower: () => clock.slower(),
    faster: () => clock.faster(),
  };
  const onClick = e => {
    const action = e.target instanceof Element ? e.target.closest('[data-action]')?.dataset.action : null;
    if (action && actions[action]) { e.preventDefault(); actions[action](); }
  };
  const onDown = e => {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    if (y < MARKER_LANE) {
      const hit = m.markers.find(({ t }) => Math.abs(xOf(t) - x) <= 6);
      if (hit) { dotnet.invokeMethodAsync('OnMarkerClicked', hit.id).catch(() => {}); return; }
    }
    if (x < LABEL_W) return;
    scrubbing = true;
    canvas.setPointerCapture(e.pointerId);
    clock.seek(tOf(x));
  };
  const onMove = e => {
    if (!scrubbing) return;
    const r = canvas.getBoundingClientRect();
    clock.seek(tOf(e.clientX - r.left));
  };
  const onUp = () => { scrubbing = false; };

  root.addEventListener('click', onClick);
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerup', onUp);
  const observer = new ResizeObserver(layout);
  observer.observe(canvas);
  clock.configure(m);
  const unsubscribe = clock.subscribe(schedule);
  layout();

  return {
    update(model) { m = model; clock.configure(m); layout(); },
    dispose() {
      observer.disconnect();
      unsubscribe();
      root.removeEventListener('click', onClick);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
    },
  };
}
