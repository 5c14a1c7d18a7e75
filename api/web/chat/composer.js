/* The input box at the bottom: it grows with its text, Enter sends (Shift+Enter is a new line),
 * and text that could not be sent comes back into it. */
import { str } from './dom.js';

var form = document.getElementById('composer-form');
var input = document.getElementById('message-input');
var sendButton = document.getElementById('send-button');

export function autoGrow() {
  input.style.height = 'auto';
  input.style.height = Math.min(input.scrollHeight + 3, Math.round(window.innerHeight * 0.3)) + 'px';
}

export function focusInput(options) {
  input.focus(options);
}

/* Puts text the citizen typed back into the input box, without overwriting newer typing. */
export function restoreInput(text) {
  if (!text) return;
  var current = input.value;
  if (!current.trim()) input.value = text;
  else if (current.indexOf(text) === -1) input.value = text + '\n' + current;
  autoGrow();
}

/* Empties the box if it still holds `text` (put back by restoreInput): a retry sends it again. */
export function clearInputIf(text) {
  if (input.value.trim() === str(text).trim()) {
    input.value = '';
    autoGrow();
  }
}

/* Calls onText(text) with each message the citizen types and sends. */
export function listenForTyped(onText) {
  function submitTyped() {
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    input.value = '';
    autoGrow();
    onText(text);
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    submitTyped();
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submitTyped();
    }
  });
  input.addEventListener('input', autoGrow);
  sendButton.addEventListener('mousedown', function (e) {
    /* keep the phone keyboard open when tapping 发送 */
    if (document.activeElement === input) e.preventDefault();
  });
}
