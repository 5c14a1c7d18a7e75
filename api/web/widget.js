/* 办事通 embed widget — add one line to any page:
 *   <script src="https://HOST/static/widget.js" defer></script>
 * It adds a round button (bottom-right) that opens a panel with the chat page
 * (<origin of this script>/?embed=1) in an iframe. Everything lives in a shadow root, so no
 * style leaks into the host page and the host page's styles do not reach the widget.
 */
(function () {
  'use strict';

  if (window.__banshiWidget) return;
  window.__banshiWidget = true;

  var script = document.currentScript;
  if (!script) {
    var all = document.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) {
      if (/\/static\/widget\.js(\?|#|$)/.test(all[i].src)) { script = all[i]; break; }
    }
  }
  var origin;
  try {
    origin = new URL(script && script.src ? script.src : window.location.href, window.location.href).origin;
  } catch (e) {
    return;
  }
  var CHAT_URL = origin + '/?embed=1';

  var CSS = [
    ':host { all: initial; }',
    '.bs-root { position: fixed; right: 0; bottom: 0; z-index: 2147483000;',
    '  font-family: system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif;',
    '  font-size: 16px; line-height: 1.4; color: #17202b; }',
    '.bs-root *, .bs-root *::before, .bs-root *::after { box-sizing: border-box; }',
    '.bs-launcher { position: fixed; right: 20px; bottom: 20px; width: 68px; height: 68px;',
    '  margin: 0; padding: 0; border: 0; border-radius: 50%; cursor: pointer;',
    '  display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 1px;',
    '  background: #0a4f96; color: #fff; font-family: inherit; font-size: 13px; line-height: 1.1;',
    '  box-shadow: 0 6px 18px rgba(10, 40, 80, .35), 0 0 0 3px #fff;',
    '  transition: transform .15s ease, background-color .15s ease; }',
    '.bs-launcher:hover { background: #083b70; transform: scale(1.05); }',
    '.bs-launcher:focus-visible, .bs-close:focus-visible, .bs-open-page:focus-visible {',
    '  outline: 3px solid #111827; outline-offset: 3px; }',
    '.bs-launcher svg { width: 28px; height: 28px; display: block; }',
    '.bs-launcher .bs-label { font-size: 12px; font-weight: 700; letter-spacing: .05em; }',
    '.bs-launcher .bs-icon-close { display: none; }',
    '.bs-root.bs-open .bs-launcher .bs-icon-chat { display: none; }',
    '.bs-root.bs-open .bs-launcher .bs-icon-close { display: block; }',
    '.bs-panel { position: fixed; right: 20px; bottom: 100px; width: 400px; height: 640px;',
    '  max-width: calc(100vw - 40px); max-height: calc(100vh - 120px);',
    '  display: flex; flex-direction: column; overflow: hidden;',
    '  background: #fff; border-radius: 14px; box-shadow: 0 12px 40px rgba(10, 40, 80, .3), 0 0 0 1px rgba(10, 40, 80, .12); }',
    '.bs-panel[hidden] { display: none; }',
    '.bs-head { flex: none; display: flex; align-items: center; gap: 8px; padding: 6px 6px 6px 14px;',
    '  background: #0a4f96; color: #fff; }',
    '.bs-title { flex: 1 1 auto; min-width: 0; margin: 0; font-size: 16px; font-weight: 700; white-space: nowrap;',
    '  overflow: hidden; text-overflow: ellipsis; }',
    '.bs-title small { font-size: 13px; font-weight: 500; opacity: .95; }',
    '.bs-close, .bs-open-page { flex: none; display: inline-flex; align-items: center; justify-content: center;',
    '  min-width: 44px; height: 44px; margin: 0; padding: 0 8px; border: 0; border-radius: 8px; cursor: pointer;',
    '  background: transparent; color: #fff; font: inherit; font-size: 14px; text-decoration: none; }',
    '.bs-close:hover, .bs-open-page:hover { background: rgba(255, 255, 255, .16); }',
    '.bs-close:focus-visible, .bs-open-page:focus-visible { outline-color: #fff; outline-offset: -3px; }',
    '.bs-close svg { width: 22px; height: 22px; }',
    '.bs-frame { flex: 1 1 auto; width: 100%; height: 100%; border: 0; display: block; background: #eef2f7; }',
    '@media (max-width: 480px), (max-height: 560px) {',
    '  .bs-panel { right: 0; bottom: 0; left: 0; top: 0; width: 100%; height: 100%; max-width: none; max-height: none;',
    '    border-radius: 0; }',
    '  .bs-root.bs-open .bs-launcher { display: none; }',
    '}',
    '@media (prefers-reduced-motion: reduce) { .bs-launcher { transition: none; } .bs-launcher:hover { transform: none; } }'
  ].join('\n');

  var SVG_NS = 'http://www.w3.org/2000/svg';
  function svg(className, paths) {
    var s = document.createElementNS(SVG_NS, 'svg');
    s.setAttribute('viewBox', '0 0 24 24');
    s.setAttribute('aria-hidden', 'true');
    s.setAttribute('focusable', 'false');
    if (className) s.setAttribute('class', className);
    for (var i = 0; i < paths.length; i++) {
      var p = document.createElementNS(SVG_NS, 'path');
      for (var k in paths[i]) {
        if (Object.prototype.hasOwnProperty.call(paths[i], k)) p.setAttribute(k, paths[i][k]);
      }
      s.appendChild(p);
    }
    return s;
  }
  function node(tag, className, text) {
    var n = document.createElement(tag);
    if (className) n.className = className;
    if (text) n.textContent = text;
    return n;
  }

  function mount() {
    if (document.querySelector('banshi-chat-widget')) return;
    var host = document.createElement('banshi-chat-widget');
    host.setAttribute('style', 'all: initial !important; position: static !important; display: block !important;');
    var shadow = host.attachShadow ? host.attachShadow({ mode: 'open' }) : null;
    if (!shadow) return; /* browsers without shadow DOM: no widget rather than a leaking one */

    var style = document.createElement('style');
    style.textContent = CSS;
    shadow.appendChild(style);

    var rootEl = node('div', 'bs-root');
    var panelId = 'bs-panel';

    var panel = node('div', 'bs-panel');
    panel.id = panelId;
    panel.hidden = true;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', '办事通 · 桐江市政务服务智能导办');

    var head = node('div', 'bs-head');
    var title = node('p', 'bs-title', '办事通 ');
    title.appendChild(node('small', null, '政务服务智能导办'));
    var openPage = node('a', 'bs-open-page', '新窗口');
    openPage.href = origin + '/';
    openPage.target = '_blank';
    openPage.rel = 'noopener';
    openPage.setAttribute('aria-label', '在新窗口打开办事通');
    var close = node('button', 'bs-close');
    close.type = 'button';
    close.setAttribute('aria-label', '关闭办事通');
    close.appendChild(svg(null, [{ d: 'M6 6l12 12M18 6L6 18', stroke: 'currentColor', 'stroke-width': '2.4', 'stroke-linecap': 'round', fill: 'none' }]));
    head.appendChild(title);
    head.appendChild(openPage);
    head.appendChild(close);
    panel.appendChild(head);

    var launcher = node('button', 'bs-launcher');
    launcher.type = 'button';
    launcher.setAttribute('aria-label', '办事通：政务服务智能导办');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-controls', panelId);
    launcher.appendChild(svg('bs-icon-chat', [
      { d: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-4.5 3.6c-.4.3-1 0-1-.5V18H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z', fill: 'currentColor' },
      { d: 'M7 9.5h10M7 13h6.5', stroke: '#0a4f96', 'stroke-width': '1.8', 'stroke-linecap': 'round', fill: 'none' }
    ]));
    launcher.appendChild(svg('bs-icon-close', [{ d: 'M6 6l12 12M18 6L6 18', stroke: 'currentColor', 'stroke-width': '2.6', 'stroke-linecap': 'round', fill: 'none' }]));
    var label = node('span', 'bs-label', '办事通');
    label.setAttribute('aria-hidden', 'true');
    launcher.appendChild(label);

    rootEl.appendChild(panel);
    rootEl.appendChild(launcher);
    shadow.appendChild(rootEl);
    (document.body || document.documentElement).appendChild(host);

    var frame = null;
    function setOpen(open) {
      if (open && !frame) {
        frame = document.createElement('iframe');
        frame.className = 'bs-frame';
        frame.title = '办事通 政务服务智能导办对话';
        frame.src = CHAT_URL;
        frame.setAttribute('allow', 'clipboard-write');
        panel.appendChild(frame);
      }
      panel.hidden = !open;
      rootEl.classList.toggle('bs-open', open);
      launcher.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (open) {
        try { frame.focus(); } catch (e) { /* ignore */ }
      } else {
        launcher.focus();
      }
    }

    launcher.addEventListener('click', function () { setOpen(panel.hidden); });
    close.addEventListener('click', function () { setOpen(false); });
    shadow.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && !panel.hidden) setOpen(false);
    });
    /* Escape pressed inside the chat iframe: the page asks its parent to close the panel. */
    window.addEventListener('message', function (e) {
      if (e.origin === origin && frame && e.source === frame.contentWindow &&
          e.data && e.data.banshi === 'close' && !panel.hidden) {
        setOpen(false);
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mount);
  } else {
    mount();
  }
})();
