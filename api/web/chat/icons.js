/* Small inline SVG icons (no emoji font needed). Path data are constants, never server text. */

var SVG_NS = 'http://www.w3.org/2000/svg';
var ICONS = {
  speaker: [['path', { d: 'M3 9.5v5h4l5 4.5v-14L7 9.5H3z', fill: 'currentColor' }],
            ['path', { d: 'M15.5 8.8a4.5 4.5 0 0 1 0 6.4M18 6.3a8 8 0 0 1 0 11.4', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round' }]],
  stop: [['rect', { x: '6', y: '6', width: '12', height: '12', rx: '2', fill: 'currentColor' }]],
  thumbUp: [['path', { d: 'M2 10h4v11H2zM8 10l4.2-7.3c1.5 0 2.5 1.2 2.2 2.6L13.6 9h5.6c1.3 0 2.2 1.2 2 2.4l-1.5 7.5c-.2 1.2-1.3 2.1-2.5 2.1H8z', fill: 'currentColor' }]],
  thumbDown: [['path', { d: 'M2 10h4v11H2zM8 10l4.2-7.3c1.5 0 2.5 1.2 2.2 2.6L13.6 9h5.6c1.3 0 2.2 1.2 2 2.4l-1.5 7.5c-.2 1.2-1.3 2.1-2.5 2.1H8z', fill: 'currentColor', transform: 'rotate(180 12 12)' }]],
  phone: [['path', { d: 'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1l-2.3 2.2z', fill: 'currentColor' }]],
  person: [['circle', { cx: '12', cy: '8', r: '4', fill: 'currentColor' }],
           ['path', { d: 'M4 20c0-3.3 3.6-6 8-6s8 2.7 8 6v1H4z', fill: 'currentColor' }]]
};

export function icon(name) {
  var svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'icon icon-' + name);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  var parts = ICONS[name] || [];
  for (var i = 0; i < parts.length; i++) {
    var shape = document.createElementNS(SVG_NS, parts[i][0]);
    var attrs = parts[i][1];
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) shape.setAttribute(k, attrs[k]);
    }
    svg.appendChild(shape);
  }
  return svg;
}
