// The text pane's browser side: a mouse selection becomes a character range sent to .NET once (mouse up), and the
// caption cue / dialogue turn under the shared clock is highlighted at display rate (attribute data-current, which
// Blazor never renders, so its re-renders do not fight this module).
//
// attach(root, dotnet) → handle { refresh(), dispose() }
//   root: the pane's text container; text chunks carry data-o (their first character's offset in the asset's text);
//   cues carry data-cue-start / data-cue-end (shared-timeline seconds).
// .NET callback: OnTextSelected(start, end)
import * as clock from '/js/workspace/clock.js';

function offsetOf(root, node, offset) {
  if (node.nodeType === Node.TEXT_NODE) {
    const chunk = node.parentElement?.closest('[data-o]');
    return chunk && root.contains(chunk) ? Number(chunk.dataset.o) + offset : null;
  }
  if (!(node instanceof Element)) return null;
  const chunk = node.closest('[data-o]');
  if (chunk) return Number(chunk.dataset.o) + (offset === 0 ? 0 : chunk.textContent.length);
  // The boundary sits between elements: take the chunk right after it (or the end of the one before).
  const after = node.childNodes[offset];
  const next = after instanceof Element ? (after.matches('[data-o]') ? after : after.querySelector('[data-o]')) : null;
  if (next) return Number(next.dataset.o);
  const before = node.childNodes[offset - 1];
  const prev = before instanceof Element ? [...before.querySelectorAll('[data-o]')].pop() ?? (before.matches('[data-o]') ? before : null) : null;
  return prev ? Number(prev.dataset.o) + prev.textContent.length : null;
}

export function attach(root, dotnet) {
  let cues = [];
  let current = null;
  const refresh = () => {
    cues = [...root.querySelectorAll('[data-cue-start]')].map(el => ({ el, start: Number(el.dataset.cueStart), end: Number(el.dataset.cueEnd) }));
    current = null;
    paint(clock.state());
  };
  const paint = c => {
    let now = null;
    for (const cue of cues) {
      const on = c.time >= cue.start && c.time < cue.end;
      if (on && !now) now = cue.el;
      if (on !== cue.el.hasAttribute('data-current')) cue.el.toggleAttribute('data-current', on);
    }
    if (now && now !== current && c.playing) now.scrollIntoView({ block: 'nearest' });
    current = now;
  };
  const onUp = () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return;
    const range = sel.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer)) return;
    const start = offsetOf(root, range.startContainer, range.startOffset);
    const end = offsetOf(root, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    dotnet.invokeMethodAsync('OnTextSelected', start, end).catch(() => {});
  };
  root.addEventListener('mouseup', onUp);
  const unsubscribe = clock.subscribe(paint);
  refresh();
  return {
    refresh,
    clearSelection() { window.getSelection()?.removeAllRanges(); },
    dispose() { root.removeEventListener('mouseup', onUp); unsubscribe(); },
  };
}
