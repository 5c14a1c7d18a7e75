/* Who is talking and what was said. The sender id is the bot's conversation id: kept in
 * localStorage, so the bot still knows the citizen on the next visit, until 新对话. The history is
 * kept per tab (sessionStorage), so a reload shows the conversation. */
import { local, session, getItem, setItem, removeItem } from './storage.js';

var SENDER_KEY = 'banshi.sender';
var HISTORY_KEY_PREFIX = 'banshi.history.';
var MAX_HISTORY = 200;

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

export function currentSender() { return sender; }

/* The entries so far: { role: 'user', text } or { role: 'bot', text, buttons, payload, rated? }. */
export function entries() { return history; }

export function record(entry) { history.push(entry); }

export function saveHistory() {
  if (history.length > MAX_HISTORY) history = history.slice(history.length - MAX_HISTORY);
  try { setItem(session, historyKey(), JSON.stringify(history)); } catch (e) { /* ignore */ }
}

/* 新对话: forget this conversation and talk to the bot as someone new. */
export function startNew() {
  removeItem(session, historyKey());
  sender = randomId();
  setItem(local, SENDER_KEY, sender);
  history = [];
}
