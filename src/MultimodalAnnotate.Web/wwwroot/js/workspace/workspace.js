// Page-level behaviour of the annotator workspace: keyboard shortcuts (forwarded to .NET when listed, timeline keys
// handled here), hover highlighting of an entity's mentions in every pane, and the splitters between panes.
import * as clock from './clock.js';
import * as bus from './bus.js';

const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

function comboOf(e) {
  let key = e.key === ' ' ? 'space' : e.key.toLowerCase();
  const named = key.length > 1;
  let combo = '';
  if (e.ctrlKey || e.metaKey) combo += 'ctrl+';
  if (e.altKey) combo += 'alt+';
  if (e.shiftKey && (named || /^[a-z]$/.test(key))) combo += 'shift+';
  if (key === 'del') key = 'delete';
  return combo + key;
}

/**
 * Attaches the workspace behaviour.
 * @param {HTMLElement} root the workspace element
 * @param {any} dotnet .NET object with OnShortcut(combo) and OnClock(time, playing)
 * @param {string[]} forwarded combos .NET handles ("ctrl+z", "l", "?", label hotkeys…)
 */
export function attach(root, dotnet, forwarded) {
  let combos = new Set(forwarded);
  const typing = e => e.target instanceof Element && e.target.closest(TYPING);

  const onKeyDown = e => {
    if (typing(e) || root.querySelector('[data-modal-open]')) return;
    if (bus.runKeyHooks(e)) { e.preventDefault(); return; }
    if (e.key === ' ') {
      e.preventDefault();
      if (!e.repeat) { bus.space.down = true; bus.space.used = false; }
      return;
    }
    if (!e.ctrlKey && !e.metaKey && !e.altKey) {
      const local = { ',': () => clock.step(-1), '.': () => clock.step(1), '[': () => clock.slower(), ']': () => clock.faster() }[e.key];
      if (local) { e.preventDefault(); local(); return; }
    }
    const combo = comboOf(e);
    if (combos.has(combo)) {
      e.preventDefault();
      dotnet.invokeMethodAsync('OnShortcut', combo).catch(() => {});
    }
  };
  const onKeyUp = e => {
    if (e.key !== ' ') return;
    const wasTap = bus.space.down && !bus.space.used;
    bus.space.down = false;
    if (typing(e)) return;
    e.preventDefault();
    if (wasTap) clock.toggle();
  };
  const onOver = e => {
    const el = e.target instanceof Element ? e.target.closest('[data-entity], [data-annotation]') : null;
    if (el && el.tagName === 'CANVAS') return;
    bus.setHover(el?.dataset.entity, el?.dataset.annotation);
  };
  const unHover = bus.onHover(h => {
    for (const el of root.querySelectorAll('.ma-sibling')) el.classList.remove('ma-sibling');
    if (h.entity) {
      for (const el of root.querySelectorAll(`[data-entity="${CSS.escape(h.entity)}"]`)) el.classList.add('ma-sibling');
    } else if (h.annotation) {
      for (const el of root.querySelectorAll(`[data-annotation="${CSS.escape(h.annotation)}"]`)) el.classList.add('ma-sibling');
    }
  });
  const unSplit = splitters(root);

  document.addEventListener('keydown', onKeyDown);
  document.addEventListener('keyup', onKeyUp);
  root.addEventListener('mouseover', onOver);
  clock.connect(dotnet);
  return {
    setForwarded(list) { combos = new Set(list); },
    seek(t) { clock.seek(t); },
    detach() {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('keyup', onKeyUp);
      root.removeEventListener('mouseover', onOver);
      unHover();
      unSplit();
      clock.disconnect(dotnet);
    },
  };
}

// Dragging a .ma-splitter resizes the panes on both sides of it (flex-basis in pixels).
function splitters(root) {
  let drag = null;
  const down = e => {
    const bar = e.target instanceof Element ? e.target.closest('.ma-splitter') : null;
    if (!bar) return;
    const left = bar.previousElementSibling;
    const right = bar.nextElementSibling;
    if (!left || !right) return;
    e.preventDefault();
    bar.setPointerCapture(e.pointerId);
    drag = { bar, left, right, x: e.clientX, lw: left.getBoundingClientRect().width, rw: right.getBoundingClientRect().width };
  };
  const move = e => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    const lw = Math.max(160, drag.lw + dx);
    const rw = Math.max(160, drag.rw - (lw - drag.lw));
    drag.left.style.flex = `0 0 ${lw}px`;
    drag.right.style.flex = `0 0 ${rw}px`;
    window.dispatchEvent(new Event('resize'));
  };
  const up = () => { drag = null; };
  root.addEventListener('pointerdown', down);
  root.addEventListener('pointermove', move);
  root.addEventListener('pointerup', up);
  return () => {
    root.removeEventListener('pointerdown', down);
    root.removeEventListener('pointermove', move);
    root.removeEventListener('pointerup', up);
  };
}
