/* 办事通 web chat — vanilla JS, no build step, no external resources: native ES modules, this
 * one the entry, the parts it uses under chat/.
 *
 * Talks to POST /api/v1/chat {"sender", "message"} → [{"text", "buttons", "payload"}].
 * Every string that comes from the server is put in the page with textContent, never innerHTML.
 */
import { local, session, getItem, setItem, removeItem } from './chat/storage.js';
import { isObject, str } from './chat/dom.js';
import { MSG_NETWORK, MSG_SERVER, MSG_BAD_REPLY, MSG_EMPTY } from './chat/texts.js';
import { embedded, toggleLargeText } from './chat/settings.js';
import { scrollToBottom, revealFrom, nearBottom } from './chat/scroll.js';
import { stopSpeaking } from './chat/read-aloud.js';
import { autoGrow, focusInput, restoreInput, clearInputIf, listenForTyped } from './chat/composer.js';
import { clearMessages, renderUser, markFailed, renderSystem, renderWelcome } from './chat/messages.js';
import { renderBot } from './chat/bot-message.js';

(function () {
  'use strict';

  var API_URL = '/api/v1/chat';
  var SENDER_KEY = 'banshi.sender';
  var HISTORY_KEY_PREFIX = 'banshi.history.';
  var REQUEST_TIMEOUT_MS = 30000;
  var MAX_HISTORY = 200;

  /* ---------------- sender id ---------------- */

  function randomId() {
    var c = window.crypto || window.msCrypto;
    var bytes = new Uint8Array(16);
    if (c && typeof c.getRandomValues === 'function') {
      c.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    var hex = '';
    for (var j = 0; j < bytes.length; j++) hex += (bytes[j] + 0x100).toString(16).slice(1);
    return 'web-' + hex;
  }

  var sender = getItem(local, SENDER_KEY);
  if (!sender || !/^[A-Za-z0-9_-]{8,80}$/.test(sender)) {
    sender = randomId();
    setItem(local, SENDER_KEY, sender);
  }

  /* ---------------- history (per tab session, so a reload shows the conversation) ---------------- */

  var history = loadHistory();

  function historyKey() { return HISTORY_KEY_PREFIX + sender; }
  function loadHistory() {
    var raw = getItem(session, HISTORY_KEY_PREFIX + sender);
    if (!raw) return [];
    try {
      var parsed = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed : [];
    } catch (e) {
      return [];
    }
  }
  function saveHistory() {
    if (history.length > MAX_HISTORY) history = history.slice(history.length - MAX_HISTORY);
    try { setItem(session, historyKey(), JSON.stringify(history)); } catch (e) { /* ignore */ }
  }

  /* ---------------- DOM helpers ---------------- */

  var messagesEl = document.getElementById('messages');
  var typingEl = document.getElementById('typing-indicator');
  var largeToggle = document.getElementById('large-text-toggle');
  var newConversation = document.getElementById('new-conversation');

  /* What cards may ask of the conversation. */
  var chat = { send: send, saveHistory: saveHistory, addBotMessage: addBotMessage };
  function addBotMessage(entry) {
    history.push(entry);
    saveHistory();
    revealFrom(renderBot(entry, entry, chat));
  }

  /* ---------------- sending ---------------- */

  var queue = Promise.resolve();
  var pending = 0;

  function setTyping(on) {
    pending += on ? 1 : -1;
    if (pending < 0) pending = 0;
    var show = pending > 0;
    if (typingEl.hidden === !show) return;
    typingEl.hidden = !show;
    messagesEl.setAttribute('aria-busy', show ? 'true' : 'false');
    if (show) scrollToBottom(true);
  }

  /* options: message (sent), display (shown as the citizen's bubble), typed (came from the input box),
     silent (no bubble: ratings), onSuccess / onFailure, userNode (retry of an existing bubble). */
  function send(options) {
    var message = str(options.message);
    if (!message.trim()) return;
    var display = options.display !== undefined ? str(options.display) : message;
    var userNode = options.userNode || null;
    if (!options.silent && !userNode) {
      userNode = renderUser(display);
      scrollToBottom(true);
    }
    var job = function () { return post(message, display, options, userNode); };
    queue = queue.then(job, job);
  }

  function fetchWithTimeout(url, init) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    if (controller) init.signal = controller.signal;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, REQUEST_TIMEOUT_MS);
    return fetch(url, init).then(
      function (r) { clearTimeout(timer); return r; },
      function (e) { clearTimeout(timer); throw e; }
    );
  }

  function post(message, display, options, userNode) {
    setTyping(true);
    return fetchWithTimeout(API_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ sender: sender, message: message })
    }).then(function (response) {
      return response.text().then(function (body) {
        var data = null;
        try { data = body ? JSON.parse(body) : null; } catch (e) { data = undefined; }
        setTyping(false);
        if (!response.ok) {
          var text = isObject(data) && typeof data.message === 'string' && data.message.trim() ? data.message : MSG_SERVER;
          var retryable = response.status >= 500 || response.status === 408 || response.status === 429;
          failed(text, options, userNode, retryable);
          return;
        }
        if (!Array.isArray(data)) {
          failed(MSG_BAD_REPLY, options, userNode, true);
          return;
        }
        succeeded(data, display, options, userNode);
      });
    }).catch(function () {
      setTyping(false);
      failed(MSG_NETWORK, options, userNode, true);
    });
  }

  function succeeded(messages, display, options, userNode) {
    markFailed(userNode, false);
    if (!options.silent) history.push({ role: 'user', text: display });
    var first = null;
    for (var i = 0; i < messages.length; i++) {
      var m = messages[i];
      if (!isObject(m)) continue;
      var hasText = typeof m.text === 'string' && m.text.trim() !== '';
      var hasButtons = Array.isArray(m.buttons) && m.buttons.length > 0;
      if (!hasText && !hasButtons && !isObject(m.payload)) continue;
      var entry = { role: 'bot', text: str(m.text), buttons: hasButtons ? m.buttons : [], payload: isObject(m.payload) ? m.payload : null };
      history.push(entry);
      var node = renderBot(entry, entry, chat);
      if (!first) first = node;
    }
    if (!first && !options.silent) first = renderSystem(MSG_EMPTY, { info: true });
    saveHistory();
    if (options.onSuccess) options.onSuccess();
    if (first) revealFrom(first);
  }

  function failed(text, options, userNode, retryable) {
    markFailed(userNode, true);
    if (options.typed) restoreInput(options.display);
    var retry = null;
    if (retryable) {
      retry = function () {
        if (options.typed) clearInputIf(options.display);
        var again = {};
        for (var k in options) {
          if (Object.prototype.hasOwnProperty.call(options, k)) again[k] = options[k];
        }
        again.userNode = userNode;
        markFailed(userNode, false);
        send(again);
      };
    }
    var node = renderSystem(text, { retry: retry });
    if (options.onFailure) options.onFailure();
    scrollToBottom(true);
    return node;
  }

  /* ---------------- input box ---------------- */

  listenForTyped(function (text) {
    send({ message: text, display: text, typed: true });
  });

  /* ---------------- header tools ---------------- */

  largeToggle.addEventListener('click', function () {
    var stick = nearBottom();
    toggleLargeText();
    autoGrow();
    if (stick) scrollToBottom(false);
  });

  newConversation.addEventListener('click', function () {
    stopSpeaking();
    removeItem(session, historyKey());
    sender = randomId();
    setItem(local, SENDER_KEY, sender);
    history = [];
    clearMessages();
    renderWelcome(chat);
    renderSystem('已开始新对话', { info: true });
    scrollToBottom(false);
    focusInput();
  });

  window.addEventListener('resize', function () {
    if (nearBottom()) scrollToBottom(false);
  });
  window.addEventListener('pagehide', stopSpeaking);
  if (embedded && window.parent !== window) {
    /* In the widget: Escape closes the panel (the widget checks our origin). */
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        stopSpeaking();
        try { window.parent.postMessage({ banshi: 'close' }, '*'); } catch (err) { /* ignore */ }
      }
    });
  }

  /* ---------------- start ---------------- */

  renderWelcome(chat);
  for (var h = 0; h < history.length; h++) {
    var item = history[h];
    if (!isObject(item)) continue;
    if (item.role === 'user') renderUser(str(item.text));
    else if (item.role === 'bot') renderBot(item, item, chat);
  }
  scrollToBottom(false);
  autoGrow();
  if (!embedded && window.matchMedia && window.matchMedia('(pointer: fine)').matches) {
    focusInput({ preventScroll: true });
  }
})();
