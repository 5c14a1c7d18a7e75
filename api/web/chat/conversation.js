/* Who is talking and what was said. The sender is the conversation's id as the server issued it
 * (POST /api/v1/chat/conversations): only the server can make one, so nobody chats in someone
 * else's conversation. It is kept in localStorage, so the bot still knows the citizen on the next
 * visit, until 新对话, which deletes the conversation on the server. The history is kept per tab
 * (sessionStorage), so a reload shows it. */
import { local, session, getItem, setItem, removeItem } from './storage.js';
import { openConversation, deleteConversation } from './transport.js';

var SENDER_KEY = 'banshi.sender';
var HISTORY_KEY = 'banshi.history';
/* Ids of conversations 新对话 ended whose delete has not succeeded yet: kept until it does. */
var UNDELETED_KEY = 'banshi.undeleted';
var MAX_HISTORY = 200;
var MAX_UNDELETED = 20;
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

/* 新对话, at once: the page forgets what was said. */
export function clearHistory() {
  removeItem(session, HISTORY_KEY);
  history = [];
}

/* 新对话, once no message of this conversation is in flight: forget its id (the next message opens
 * a new conversation) and delete it on the server — with any an earlier 新对话 failed to delete.
 * Resolves true when every delete went through, false when one failed (its id is kept, and tried
 * again by the next eraseUndeleted); never rejects. */
export function eraseConversation() {
  if (sender) {
    var ids = undeleted();
    if (ids.indexOf(sender) < 0) ids.push(sender);
    keepUndeleted(ids);  // kept before the request: a tab closed meanwhile does not lose it
  }
  forgetSender();
  return eraseUndeleted();
}

/* Delete the conversations ended but not yet deleted; resolves true when none is left. */
export function eraseUndeleted() {
  var ids = undeleted();
  if (!ids.length) return Promise.resolve(true);
  return Promise.all(ids.map(function (id) {
    return deleteConversation(id).then(function () { return id; }, function () { return null; });
  })).then(function (deleted) {
    // read again: another tab or call may have added ids meanwhile
    var left = undeleted().filter(function (id) { return deleted.indexOf(id) < 0; });
    keepUndeleted(left);
    return left.length === 0;
  });
}

function undeleted() {
  try {
    var parsed = JSON.parse(getItem(local, UNDELETED_KEY) || '[]');
    return Array.isArray(parsed) ? parsed.filter(function (id) { return typeof id === 'string' && ISSUED.test(id); }) : [];
  } catch (e) {
    return [];
  }
}

function keepUndeleted(ids) {
  if (!ids.length) removeItem(local, UNDELETED_KEY);
  else setItem(local, UNDELETED_KEY, JSON.stringify(ids.slice(-MAX_UNDELETED)));
}
