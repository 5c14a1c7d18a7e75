/* localStorage and sessionStorage with a memory fallback: storage may be blocked (e.g. in a
 * third-party iframe, which is where the widget puts the page), and the chat must work anyway. */

var memoryStore = {};

function storage(kind) {
  try {
    var s = window[kind];
    var probe = '__banshi_probe__';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch (e) {
    return null;
  }
}

export const local = storage('localStorage');
export const session = storage('sessionStorage');

export function getItem(store, key) {
  if (store) {
    try { return store.getItem(key); } catch (e) { /* fall through */ }
  }
  return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null;
}

export function setItem(store, key, value) {
  memoryStore[key] = value;
  if (store) {
    try { store.setItem(key, value); } catch (e) { /* quota or blocked: memory only */ }
  }
}

export function removeItem(store, key) {
  delete memoryStore[key];
  if (store) {
    try { store.removeItem(key); } catch (e) { /* ignore */ }
  }
}
