/* Building the page from server data safely: every string from the server goes in with
 * textContent, never innerHTML, and only http(s) links are followed. */

var idCounter = 0;

/* A page-unique id, for label/aria-controls pairs. */
export function uid(prefix) { idCounter += 1; return prefix + '-' + idCounter; }

export function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
export function str(v) { return typeof v === 'string' ? v : (typeof v === 'number' ? String(v) : ''); }

/* Text with its line breaks kept; lines starting with "•" get a hanging indent. */
export function renderLines(container, text) {
  var lines = str(text).replace(/\r\n?/g, '\n').split('\n');
  for (var i = 0; i < lines.length; i++) {
    var line = lines[i];
    if (!line.trim()) {
      if (i > 0 && i < lines.length - 1) container.appendChild(el('p', 'line blank'));
      continue;
    }
    var bullet = /^\s*[•·●▪◦]/.test(line);
    container.appendChild(el('p', bullet ? 'line bullet' : 'line', bullet ? line.replace(/^\s+/, '') : line));
  }
  return container;
}

export function safeUrl(url) {
  if (typeof url !== 'string' || !url) return null;
  try {
    var u = new URL(url, window.location.href);
    return (u.protocol === 'http:' || u.protocol === 'https:') ? u.href : null;
  } catch (e) {
    return null;
  }
}
