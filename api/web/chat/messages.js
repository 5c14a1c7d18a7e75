/* The conversation's messages: the citizen's bubbles, system notices (errors with 重试), the
 * frame of a bot message (avatar, body, 朗读 row, quick replies) and the welcome. What goes in a
 * bot message's body is bot-message.js's choice. */
import { el, isObject, str, renderLines } from './dom.js';
import { icon } from './icons.js';
import { HOTLINE } from './texts.js';
import { canSpeak, speakButton } from './read-aloud.js';

var WELCOME_TEXT =
  '您好！我是桐江市政务服务智能导办「办事通」。\n' +
  '请用一句话说说您要办什么事，我会告诉您要带哪些材料、去哪里办、怎么办。\n' +
  '也可以点下面的问题试试：';
var WELCOME_REPLIES = ['身份证补办要带什么', '开理发店要办哪些手续', '转人工'];

var messagesEl = document.getElementById('messages');

export function append(node) {
  messagesEl.appendChild(node);
  return node;
}

export function clearMessages() {
  while (messagesEl.firstChild) messagesEl.removeChild(messagesEl.firstChild);
}

export function renderUser(text) {
  var wrap = el('div', 'msg user');
  var col = el('div', 'user-col');
  col.appendChild(el('div', 'bubble', text));
  wrap.appendChild(col);
  return append(wrap);
}

/* 未送达 on a citizen's bubble whose message did not get through. */
export function markFailed(userNode, failed) {
  if (!userNode) return;
  userNode.classList.toggle('failed', failed);
  var note = userNode.querySelector('.failed-note');
  if (failed && !note) {
    userNode.querySelector('.user-col').appendChild(el('span', 'failed-note', '未送达'));
  } else if (!failed && note) {
    note.parentNode.removeChild(note);
  }
}

/* A tel: link with the phone icon: on a phone, one tap calls. */
export function callLink(number, label) {
  var call = el('a', 'call-link');
  call.href = 'tel:' + number;
  call.appendChild(icon('phone'));
  call.appendChild(el('span', null, label));
  return call;
}

/* options: info (a notice, not an error), retry (a function: shows 重试 and the hotline). */
export function renderSystem(text, options) {
  options = options || {};
  var wrap = el('div', 'msg system' + (options.info ? ' info' : ''));
  var bubble = el('div', 'bubble');
  bubble.setAttribute('role', options.info ? 'status' : 'alert');
  renderLines(bubble, text);
  if (options.retry) {
    var actions = el('div', 'system-actions');
    var retry = el('button', 'retry-button', '重试');
    retry.type = 'button';
    retry.addEventListener('click', function () {
      retry.disabled = true;
      if (wrap.parentNode) wrap.parentNode.removeChild(wrap);
      options.retry();
    });
    actions.appendChild(retry);
    actions.appendChild(callLink(HOTLINE, '拨打 ' + HOTLINE));
    bubble.appendChild(actions);
  }
  wrap.appendChild(bubble);
  return append(wrap);
}

/* The bot's buttons; a click sends the payload and shows the title as the citizen's bubble. */
export function quickReplies(buttons, chat) {
  var group = el('div', 'quick-replies');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', '可选回复');
  var count = 0;
  for (var i = 0; i < buttons.length; i++) {
    var b = buttons[i];
    if (!isObject(b)) continue;
    var title = str(b.title).trim();
    var payload = str(b.payload);
    if (!title && !payload) continue;
    var button = el('button', 'quick-reply', title || payload);
    button.type = 'button';
    button.setAttribute('data-payload', payload || title);
    button.addEventListener('click', onQuickReply);
    group.appendChild(button);
    count += 1;
  }
  function onQuickReply(event) {
    var clicked = event.currentTarget;
    var label = clicked.textContent;
    chat.send({ message: clicked.getAttribute('data-payload') || label, display: label });
  }
  return count ? group : null;
}

export function botShell(kind) {
  var wrap = el('div', 'msg bot' + (kind ? ' ' + kind : ''));
  wrap.setAttribute('data-kind', kind || 'text');
  var avatar = el('span', 'avatar', '办');
  avatar.setAttribute('aria-hidden', 'true');
  wrap.appendChild(avatar);
  var body = el('div', 'msg-body');
  wrap.appendChild(body);
  return { wrap: wrap, body: body };
}

/* The row under a bot message: 朗读, where the browser can speak. */
export function actionsRow(getText) {
  var row = el('div', 'msg-actions');
  if (canSpeak) row.appendChild(speakButton(getText));
  return row;
}

export function renderWelcome(chat) {
  var shell = botShell('welcome');
  shell.body.appendChild(renderLines(el('div', 'bubble'), WELCOME_TEXT));
  shell.body.appendChild(actionsRow(function () { return WELCOME_TEXT; }));
  var replies = quickReplies(WELCOME_REPLIES.map(function (t) { return { title: t, payload: t }; }), chat);
  if (replies) shell.body.appendChild(replies);
  return append(shell.wrap);
}
