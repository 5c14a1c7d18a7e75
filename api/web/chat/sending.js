/* Sending a message and showing what comes back: the citizen's bubble at once, one request at a
 * time in order, the typing indicator while waiting, the bot's messages into the history — or, on
 * failure, 未送达 on the bubble, the typed text back in the box and a 重试 that resends it.
 * 新对话 deletes the old conversation in the same queue, after its messages still in flight. */
import { isObject, str } from './dom.js';
import { MSG_NETWORK, MSG_EMPTY, MSG_SERVER, MSG_NOT_ERASED } from './texts.js';
import { postChat } from './transport.js';
import {
  conversationSender, forgetSender, record, saveHistory, clearHistory, eraseConversation, eraseUndeleted
} from './conversation.js';
import { renderUser, markFailed, renderSystem } from './messages.js';
import { renderBot } from './bot-message.js';
import { scrollToBottom, revealFrom } from './scroll.js';
import { restoreInput, clearInputIf } from './composer.js';

var messagesEl = document.getElementById('messages');
var typingEl = document.getElementById('typing-indicator');
var queue = Promise.resolve();
var pending = 0;
var era = 0;  // counts 新对话: an answer to a message sent before the last one is not shown

/* What cards may ask of the conversation; handed to them through renderBot, since this module
 * renders them (an import back would be a cycle). */
export const chat = { send: send, saveHistory: saveHistory, addBotMessage: addBotMessage };

/* A bot message that did not come from the chat API (the pre-review report). */
function addBotMessage(entry) {
  record(entry);
  saveHistory();
  revealFrom(renderBot(entry, entry, chat));
}

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
export function send(options) {
  var message = str(options.message);
  if (!message.trim()) return;
  var display = options.display !== undefined ? str(options.display) : message;
  var userNode = options.userNode || null;
  if (!options.silent && !userNode) {
    userNode = renderUser(display);
    scrollToBottom(true);
  }
  var sentIn = era;
  var job = function () { return post(message, display, options, userNode, sentIn); };
  queue = queue.then(job, job);
}

function post(message, display, options, userNode, sentIn) {
  setTyping(true);
  return postInConversation(message).then(function (reply) {
    setTyping(false);
    if (sentIn !== era) return;  // the citizen has started a new conversation meanwhile
    if (reply.error) failed(reply.error, options, userNode, reply.retryable);
    else succeeded(reply.messages, display, options, userNode);
  }).catch(function () {
    setTyping(false);
    if (sentIn !== era) return;
    failed(MSG_NETWORK, options, userNode, true);
  });
}

/* 新对话: the page forgets what was said at once; the conversation is deleted on the server once
 * the messages sent in it are answered (so nothing of it is written after the delete), and the
 * next message opens a new one. A failed delete does not hold the citizen up: it says so, with
 * 重试, and the id is kept to try again (also on the next visit: eraseLeftovers). */
export function startOver() {
  era += 1;
  clearHistory();
  enqueueErase(eraseConversation);
}

/* Delete the conversations an earlier 新对话 could not (quietly: called as the page opens). */
export function eraseLeftovers() {
  enqueueErase(eraseUndeleted, true);
}

function enqueueErase(erase, quiet) {
  var job = function () {
    return erase().then(function (erased) {
      if (!erased && !quiet) notErased();
    }, function () { /* erase never rejects */ });
  };
  queue = queue.then(job, job);
}

function notErased() {
  renderSystem(MSG_NOT_ERASED, { retry: function () { enqueueErase(eraseUndeleted); } });
  scrollToBottom(true);
}

/* Post in this conversation; if the server no longer knows its id, once more in a new one. */
function postInConversation(message) {
  return conversationSender().then(function (sender) {
    return postChat(sender, message);
  }).then(function (reply) {
    if (!reply.unknownSender) return reply;
    forgetSender();
    return conversationSender().then(function (sender) { return postChat(sender, message); });
  }).then(function (reply) {
    return reply.unknownSender ? { error: MSG_SERVER, retryable: true } : reply;
  });
}

function succeeded(messages, display, options, userNode) {
  markFailed(userNode, false);
  if (!options.silent) record({ role: 'user', text: display });
  var first = null;
  for (var i = 0; i < messages.length; i++) {
    var m = messages[i];
    if (!isObject(m)) continue;
    var hasText = typeof m.text === 'string' && m.text.trim() !== '';
    var hasButtons = Array.isArray(m.buttons) && m.buttons.length > 0;
    if (!hasText && !hasButtons && !isObject(m.payload)) continue;
    var entry = { role: 'bot', text: str(m.text), buttons: hasButtons ? m.buttons : [], payload: isObject(m.payload) ? m.payload : null };
    record(entry);
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
