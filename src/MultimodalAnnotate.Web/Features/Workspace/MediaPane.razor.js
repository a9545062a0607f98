// A <video> or <audio> element slaved to the workspace clock; clicking the video toggles play.
//
// attach(element, offset) → handle { dispose() } — offset: shared-timeline time of the media's time 0 (seconds).
import * as clock from '/js/workspace/clock.js';

export function attach(element, offset) {
  const unregister = clock.registerMedia(element, offset);
  const onClick = () => clock.toggle();
  element.addEventListener('click', onClick);
  return {
    dispose() { element.removeEventListener('click', onClick); unregister(); },
  };
}
