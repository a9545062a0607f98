// The workspace's one clock: the shared-timeline time (seconds) that every time-aware pane follows.
// It advances on requestAnimationFrame while playing; <video>/<audio> elements are slaved to it (re-synced when they
// drift more than 150 ms). .NET is told about the time at most 4 times a second while playing, and at once on
// pause, seek and rate change; never per animation frame.
const RATES = [0.25, 0.5, 1, 1.5, 2, 4];
const REPORT_INTERVAL_MS = 250;
const DRIFT_S = 0.15;

const clock = { time: 0, playing: false, rate: 1, start: 0, end: 1, frames: [] };
const listeners = new Set();
const media = new Set();
let raf = 0;
let lastNow = 0;
let lastReport = 0;
let dotnet = null;

/** The current state (read-only by convention): { time, playing, rate, start, end, frames }. */
export function state() { return clock; }

/**
 * Sets the timeline's range and the frame times used by frame stepping.
 * @param {{start:number, end:number, frames:number[]}} model shared-timeline seconds; frames ascending.
 */
export function configure(model) {
  clock.start = model.start;
  clock.end = Math.max(model.end, model.start + 0.001);
  clock.frames = model.frames || [];
  clock.time = Math.min(Math.max(clock.time, clock.start), clock.end);
  emit();
}

/** The .NET object told about the time (method OnClock(time, playing)); null to stop. */
export function connect(ref) { dotnet = ref; report(true); }

export function disconnect(ref) {
  if (dotnet === ref) {
    dotnet = null;
  }
  pause();
}

/** Calls fn(state) on every change and every animation frame while playing; returns an unsubscribe function. */
export function subscribe(fn) {
  listeners.add(fn);
  fn(clock);
  return () => listeners.delete(fn);
}

/** Slaves a media element whose media time 0 is at shared time `offset`; returns an unregister function. */
export function registerMedia(el, offset) {
  const entry = { el, offset };
  media.add(entry);
  syncMedia(true);
  return () => { media.delete(entry); el.pause(); };
}

export function play() {
  if (clock.playing) return;
  if (clock.time >= clock.end - 0.001) clock.time = clock.start;
  clock.playing = true;
  lastNow = performance.now();
  raf = requestAnimationFrame(tick);
  emit();
  syncMedia(true);
  report(true);
}

export function pause() {
  if (!clock.playing) return;
  clock.playing = false;
  cancelAnimationFrame(raf);
  emit();
  syncMedia(true);
  report(true);
}

export function toggle() { if (clock.playing) pause(); else play(); }

export function seek(t) {
  clock.time = Math.min(Math.max(t, clock.start), clock.end);
  lastNow = performance.now();
  emit();
  syncMedia(true);
  report(true);
}

/** One video frame forward (dir > 0) or back, on the real frame times; 40 ms when the item has no video. */
export function step(dir) {
  pause();
  const f = clock.frames;
  const eps = 1e-6;
  let target;
  if (f.length) {
    if (dir > 0) target = f.find(x => x > clock.time + eps);
    else target = [...f].reverse().find(x => x < clock.time - eps);
    if (target === undefined) target = dir > 0 ? clock.end : clock.start;
  } else {
    target = clock.time + dir * 0.04;
  }
  seek(target);
}

export function setRate(rate) {
  clock.rate = rate;
  emit();
  syncMedia(true);
  report(true);
}

export function faster() { setRate(RATES[Math.min(RATES.length - 1, RATES.indexOf(clock.rate) + 1)] ?? 1); }

export function slower() { setRate(RATES[Math.max(0, RATES.indexOf(clock.rate) - 1)] ?? 1); }

export const rates = RATES;

function tick(now) {
  const dt = (now - lastNow) / 1000;
  lastNow = now;
  clock.time += dt * clock.rate;
  if (clock.time >= clock.end) {
    clock.time = clock.end;
    clock.playing = false;
  }
  emit();
  syncMedia(false);
  report(!clock.playing);
  if (clock.playing) raf = requestAnimationFrame(tick);
}

function emit() {
  for (const fn of listeners) {
    try { fn(clock); } catch (e) { console.error(e); }
  }
}

function syncMedia(force) {
  for (const { el, offset } of media) {
    const local = clock.time - offset;
    const duration = Number.isFinite(el.duration) ? el.duration : Infinity;
    if (el.playbackRate !== clock.rate) el.playbackRate = clock.rate;
    if (local < 0 || local > duration) {
      if (!el.paused) el.pause();
      if (force && el.readyState > 0) el.currentTime = Math.min(Math.max(local, 0), duration);
      continue;
    }
    if (clock.playing) {
      if (el.paused) el.play().catch(() => { /* autoplay refused or media missing: the clock runs on */ });
      if (Math.abs(el.currentTime - local) > DRIFT_S && el.readyState > 0) el.currentTime = local;
    } else {
      if (!el.paused) el.pause();
      if ((force || Math.abs(el.currentTime - local) > 0.01) && el.readyState > 0) el.currentTime = local;
    }
  }
}

function report(now) {
  if (!dotnet) return;
  const t = performance.now();
  if (!now && t - lastReport < REPORT_INTERVAL_MS) return;
  lastReport = t;
  dotnet.invokeMethodAsync('OnClock', clock.time, clock.playing).catch(() => { /* circuit gone */ });
}
