/* The chat API: POST /api/v1/chat/conversations → {"sender"} opens a conversation; DELETE
 * /api/v1/chat/conversations/{sender} deletes it; POST /api/v1/chat {"sender", "message"} →
 * [{"text", "buttons", "payload"}], with a timeout, and what a failed answer means for the citizen
 * (its message, whether 重试 may help).
 * readJson serves the pre-review calls (cards/upload.js) too. */
import { isObject } from './dom.js';
import { MSG_SERVER, MSG_BAD_REPLY } from './texts.js';

var API_URL = '/api/v1/chat';
var REQUEST_TIMEOUT_MS = 30000;

function fetchWithTimeout(url, init) {
  var controller = typeof AbortController === 'function' ? new AbortController() : null;
  if (controller) init.signal = controller.signal;
  var timer = setTimeout(function () { if (controller) controller.abort(); }, REQUEST_TIMEOUT_MS);
  return fetch(url, init).then(
    function (r) { clearTimeout(timer); return r; },
    function (e) { clearTimeout(timer); throw e; }
  );
}

/* The response's JSON, or null when its body is empty or not JSON (a proxy's error page). */
export function readJson(response) {
  return response.text().then(function (raw) {
    try { return raw ? JSON.parse(raw) : null; } catch (e) { return null; }
  });
}

/* Resolves with the new conversation's id; rejects when there is none. */
export function openConversation() {
  return fetchWithTimeout(API_URL + '/conversations', {
    method: 'POST',
    headers: { 'Accept': 'application/json' },
    credentials: 'same-origin'
  }).then(function (response) {
    return readJson(response).then(function (data) {
      if (!response.ok || !isObject(data) || typeof data.sender !== 'string') throw new Error('no conversation');
      return data.sender;
    });
  });
}

/* Resolves when the conversation is deleted (204), or when the server does not take the id (403:
 * not issued, or its key changed since: trying again would not help, and the retention purge ends
 * what is left); rejects when the delete failed (network, server error) and may be tried again. */
export function deleteConversation(sender) {
  return fetchWithTimeout(API_URL + '/conversations/' + encodeURIComponent(sender), {
    method: 'DELETE',
    headers: { 'Accept': 'application/json' },
    credentials: 'same-origin'
  }).then(function (response) {
    if (!response.ok && response.status !== 403) throw new Error('not deleted: ' + response.status);
  });
}

/* Resolves with { messages }, { unknownSender } (403: the server did not issue that id) or
 * { error, retryable }; rejects when the network fails. */
export function postChat(sender, message) {
  return fetchWithTimeout(API_URL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ sender: sender, message: message })
  }).then(function (response) {
    return readJson(response).then(function (data) {
      if (response.status === 403) return { unknownSender: true };
      if (!response.ok) {
        return {
          error: isObject(data) && typeof data.message === 'string' && data.message.trim() ? data.message : MSG_SERVER,
          retryable: response.status >= 500 || response.status === 408 || response.status === 429
        };
      }
      if (!Array.isArray(data)) return { error: MSG_BAD_REPLY, retryable: true };
      return { messages: data };
    });
  });
}
