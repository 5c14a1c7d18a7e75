/* 办事通 web chat — vanilla JS, no build step, no external resources: native ES modules, served
 * as they are. This entry module wires the page's controls and shows the conversation; the parts
 * live under chat/ by concern (transport.js talks to the API, sending.js runs a message's round
 * trip, bot-message.js and cards/ draw the bot's messages, …).
 *
 * Every string that comes from the server is put in the page with textContent, never innerHTML.
 */
import { isObject, str } from './chat/dom.js';
import { embedded, toggleLargeText } from './chat/settings.js';
import { scrollToBottom, nearBottom } from './chat/scroll.js';
import { stopSpeaking } from './chat/read-aloud.js';
import { autoGrow, focusInput, listenForTyped } from './chat/composer.js';
import { entries } from './chat/conversation.js';
import { clearMessages, renderUser, renderSystem, renderWelcome } from './chat/messages.js';
import { renderBot } from './chat/bot-message.js';
import { chat, send, startOver, eraseLeftovers } from './chat/sending.js';

listenForTyped(function (text) {
  send({ message: text, display: text, typed: true });
});

/* ---------------- header tools ---------------- */

document.getElementById('large-text-toggle').addEventListener('click', function () {
  var stick = nearBottom();
  toggleLargeText();
  autoGrow();
  if (stick) scrollToBottom(false);
});

document.getElementById('new-conversation').addEventListener('click', function () {
  stopSpeaking();
  startOver();  // also deletes the old conversation on the server
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

/* ---------------- start: the welcome, then this tab's conversation so far ---------------- */

renderWelcome(chat);
var saved = entries();
for (var h = 0; h < saved.length; h++) {
  var item = saved[h];
  if (!isObject(item)) continue;
  if (item.role === 'user') renderUser(str(item.text));
  else if (item.role === 'bot') renderBot(item, item, chat);
}
scrollToBottom(false);
autoGrow();
eraseLeftovers();  // conversations an earlier 新对话 could not delete
if (!embedded && window.matchMedia && window.matchMedia('(pointer: fine)').matches) {
  focusInput({ preventScroll: true });
}
