/* Who is talking and what was said. The sender is the conversation's id as the server issued it
 * (POST /api/v1/chat/conversations): only the server can make one, so nobody chats in someone
 * else's conversation. It is kept in localStorage, so the bot still knows the citizen on the next
 * visit, until 新对话. The history is kept per tab (sessionStorage), so a reload shows it. */
import { local, session, getItem, setItem, removeItem } from './storage.js';
import { openConversation } from './transport.js';

var SENDER_KEY = 'banshi.sender';
var HISTORY_KEY = 'banshi.history';
var MAX_HISTORY = 200;
var ISSUED = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/;

var sender = getItem(local, SENDER_KEY);
if (!sender || !ISSUED.test(sender)) sender = null;  // none yet, or one the page made up before
var history = loadHistory();

function loadHistory() {
  var raw = getItem(session, HISTORY_KEY);
  if (!raw) return [];
  try {
    var parsed = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    return [];
  }
}

/* The conversation's id: the kept one, else a new one from the server (a promise). */
export function conversationSender() {
  if (sender) return Promise.resolve(sender);
  return openConversation().then(function (issued) {
    sender = issued;
    setItem(local, SENDER_KEY, sender);
    return sender;
  });
}

/* The server no longer takes the kept id (its key changed): the next message opens a new one. */
export function forgetSender() {
  sender = null;
  removeItem(local, SENDER_KEY);
}

/* The entries so far: { role: 'user', text } or { role: 'bot', text, buttons, payload, rated? }. */
export function entries() { return history; }

export function record(entry) { history.push(entry); }

export function saveHistory() {
  if (history.length > MAX_HISTORY) history = history.slice(history.length - MAX_HISTORY);
  try { setItem(session, HISTORY_KEY, JSON.stringify(history)); } catch (e) { /* ignore */ }
}

/* 新对话: forget this conversation; the next message opens a new one. */
export function startNew() {
  removeItem(session, HISTORY_KEY);
  forgetSender();
  history = [];
}
