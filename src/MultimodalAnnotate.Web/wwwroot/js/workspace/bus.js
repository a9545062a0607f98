// Browser-side events shared by the workspace's panes, so they need no server round trip:
// - hover: the entity (and annotation) under the mouse in any pane; every pane highlights the siblings;
// - key hooks: a pane that is drawing takes Enter / Escape / Backspace before the page's shortcuts do;
// - space: held Space turns a drag on an image into a pan, a tap toggles play.
const hoverListeners = new Set();
let hover = { entity: null, annotation: null };
const keyHooks = new Set();

export const space = { down: false, used: false };

export function currentHover() { return hover; }

/** Reports what is under the mouse; entity and annotation are id strings or null. */
export function setHover(entity, annotation) {
  entity = entity || null;
  annotation = annotation || null;
  if (hover.entity === entity && hover.annotation === annotation) return;
  hover = { entity, annotation };
  for (const fn of hoverListeners) fn(hover);
}

export function onHover(fn) {
  hoverListeners.add(fn);
  return () => hoverListeners.delete(fn);
}

/** fn(KeyboardEvent) returns true when it handled the key. Returns a remove function. */
export function addKeyHook(fn) {
  keyHooks.add(fn);
  return () => keyHooks.delete(fn);
}

export function runKeyHooks(e) {
  for (const fn of keyHooks) {
    if (fn(e)) return true;
  }
  return false;
}
