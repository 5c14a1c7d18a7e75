/* 办事通 web chat — vanilla JS, no build step, no external resources: native ES modules, this
 * one the entry, the parts it uses under chat/.
 *
 * Talks to POST /api/v1/chat {"sender", "message"} → [{"text", "buttons", "payload"}].
 * Every string that comes from the server is put in the page with textContent, never innerHTML.
 */
import { local, session, getItem, setItem, removeItem } from './chat/storage.js';
import { el, uid, isObject, str, renderLines, safeUrl } from './chat/dom.js';
import { icon } from './chat/icons.js';
import { HOTLINE, MSG_NETWORK, MSG_SERVER, MSG_BAD_REPLY, MSG_EMPTY } from './chat/texts.js';
import { embedded, toggleLargeText } from './chat/settings.js';
import { scrollToBottom, revealFrom, nearBottom } from './chat/scroll.js';
import { canSpeak, speakButton, stopSpeaking } from './chat/read-aloud.js';
import { autoGrow, focusInput, restoreInput, clearInputIf, listenForTyped } from './chat/composer.js';

(function () {
  'use strict';

  var API_URL = '/api/v1/chat';
  var SENDER_KEY = 'banshi.sender';
  var HISTORY_KEY_PREFIX = 'banshi.history.';
  var REQUEST_TIMEOUT_MS = 30000;
  var MAX_HISTORY = 200;
  var MAX_REASON = 200;

  var WELCOME_TEXT =
    '您好！我是桐江市政务服务智能导办「办事通」。\n' +
    '请用一句话说说您要办什么事，我会告诉您要带哪些材料、去哪里办、怎么办。\n' +
    '也可以点下面的问题试试：';
  var WELCOME_REPLIES = ['身份证补办要带什么', '开理发店要办哪些手续', '转人工'];

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

  /* ---------------- rendering ---------------- */

  function append(node) {
    messagesEl.appendChild(node);
    return node;
  }

  function renderUser(text) {
    var wrap = el('div', 'msg user');
    var col = el('div', 'user-col');
    col.appendChild(el('div', 'bubble', text));
    wrap.appendChild(col);
    return append(wrap);
  }

  function markFailed(userNode, failed) {
    if (!userNode) return;
    userNode.classList.toggle('failed', failed);
    var note = userNode.querySelector('.failed-note');
    if (failed && !note) {
      userNode.querySelector('.user-col').appendChild(el('span', 'failed-note', '未送达'));
    } else if (!failed && note) {
      note.parentNode.removeChild(note);
    }
  }

  function renderSystem(text, options) {
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
      var call = el('a', 'call-link');
      call.href = 'tel:' + HOTLINE;
      call.appendChild(icon('phone'));
      call.appendChild(el('span', null, '拨打 ' + HOTLINE));
      actions.appendChild(call);
      bubble.appendChild(actions);
    }
    wrap.appendChild(bubble);
    return append(wrap);
  }

  function quickReplies(buttons) {
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
    return count ? group : null;
  }

  function onQuickReply(event) {
    var button = event.currentTarget;
    var title = button.textContent;
    var payload = button.getAttribute('data-payload') || title;
    send({ message: payload, display: title });
  }

  function botShell(kind) {
    var wrap = el('div', 'msg bot' + (kind ? ' ' + kind : ''));
    wrap.setAttribute('data-kind', kind || 'text');
    var avatar = el('span', 'avatar', '办');
    avatar.setAttribute('aria-hidden', 'true');
    wrap.appendChild(avatar);
    var body = el('div', 'msg-body');
    wrap.appendChild(body);
    return { wrap: wrap, body: body };
  }

  function actionsRow(getText) {
    var row = el('div', 'msg-actions');
    if (canSpeak) row.appendChild(speakButton(getText));
    return row;
  }

  /* One bot message; `entry` is its history record (for the rating state). */
  function renderBot(msg, entry) {
    var text = str(msg.text);
    var buttons = Array.isArray(msg.buttons) ? msg.buttons : [];
    var payload = isObject(msg.payload) ? msg.payload : null;
    var kind = payload ? str(payload.kind) : '';
    var shell;

    if (kind === 'answer') {
      shell = botShell('answer');
      var card = answerCard(text, payload, entry);
      shell.body.appendChild(card.node);
      shell.body.appendChild(actionsRow(function () { return card.speech; }));
    } else if (kind === 'checklist') {
      shell = botShell('checklist');
      var list = checklistCard(text, payload);
      shell.body.appendChild(list.node);
      shell.body.appendChild(actionsRow(function () { return list.speech; }));
    } else if (kind === 'upload') {
      shell = botShell('upload');
      shell.body.appendChild(renderLines(el('div', 'bubble'), text));
      shell.body.appendChild(uploadCard(payload));
      shell.body.appendChild(actionsRow(function () { return text; }));
    } else if (kind === 'prereview') {
      shell = botShell('prereview');
      var review = reportCard(text, payload);
      shell.body.appendChild(review.node);
      shell.body.appendChild(actionsRow(function () { return review.speech; }));
    } else if (kind === 'handoff') {
      shell = botShell('handoff');
      var notice = el('div', 'bubble notice');
      var title = el('p', 'notice-title');
      title.appendChild(icon('person'));
      title.appendChild(el('span', null, '人工服务'));
      notice.appendChild(title);
      var noticeText = text || '已为您转接人工客服，请稍候…';
      renderLines(notice, noticeText);
      var ref = str(payload.handoff_id);
      if (ref) notice.appendChild(el('p', 'notice-ref', '转接编号：' + ref));
      shell.body.appendChild(notice);
      shell.body.appendChild(actionsRow(function () { return noticeText; }));
    } else {
      shell = botShell(kind === 'choices' || kind === 'fallback' ? kind : '');
      var bubble = renderLines(el('div', 'bubble'), text);
      shell.body.appendChild(bubble);
      if (kind === 'fallback') {
        var hotline = /^[0-9-]{3,20}$/.test(str(payload.hotline)) ? str(payload.hotline) : HOTLINE;
        var call = el('a', 'call-link');
        call.href = 'tel:' + hotline;
        call.appendChild(icon('phone'));
        call.appendChild(el('span', null, '拨打 ' + hotline + ' 政务服务便民热线'));
        shell.body.appendChild(call);
      }
      shell.body.appendChild(actionsRow(function () { return text; }));
    }

    var replies = quickReplies(buttons);
    if (replies) shell.body.appendChild(replies);
    return append(shell.wrap);
  }

  /* The personalised checklist: what to bring, with the printable page and the PDF. */
  function checklistCard(text, payload) {
    var data = isObject(payload.checklist) ? payload.checklist : {};
    var target = isObject(data.target) ? data.target : {};
    var card = el('article', 'answer-card checklist-card');
    card.setAttribute('aria-label', '材料清单' + (str(target.name) ? '：' + str(target.name) : ''));
    var head = el('header', 'card-head');
    head.appendChild(el('span', 'card-item', str(target.name)));
    head.appendChild(el('span', 'card-field', '一次性告知 · 材料清单'));
    card.appendChild(head);
    var materials = Array.isArray(data.materials) ? data.materials : [];
    if (data.eligible === false || !materials.length) {
      card.appendChild(renderLines(el('div', 'card-text'), text));
    } else {
      var ol = el('ol', 'checklist-materials');
      for (var i = 0; i < materials.length; i++) {
        var m = isObject(materials[i]) ? materials[i] : {};
        var li = el('li', m.exempt ? 'exempt' : null);
        li.appendChild(el('span', 'material-name', str(m.name)));
        var detail = str(m.original_or_copy) + ' ' + str(m.copies) + '份';
        var flags = [];
        if (m.exempt) flags.push('免提交');
        if (m.required === false) flags.push('非必要');
        if (m.lenient) flags.push('可容缺');
        if (m.promise) flags.push('可告知承诺');
        li.appendChild(el('span', 'material-detail', detail + (flags.length ? ' · ' + flags.join(' · ') : '')));
        if (str(m.reason)) li.title = str(m.reason);
        ol.appendChild(li);
      }
      card.appendChild(ol);
    }
    var foot = el('footer', 'card-foot');
    var links = el('p', 'checklist-links');
    var page = safeUrl(payload.url);
    var pdf = safeUrl(payload.pdf_url);
    if (page) {
      var open = el('a', null, '打开可打印清单');
      open.href = page; open.target = '_blank'; open.rel = 'noopener noreferrer';
      links.appendChild(open);
    }
    if (pdf) {
      var download = el('a', null, '下载一次性告知单（PDF）');
      download.href = pdf; download.target = '_blank'; download.rel = 'noopener noreferrer';
      links.appendChild(download);
    }
    foot.appendChild(links);
    card.appendChild(foot);
    return { node: card, speech: text };
  }

  /* ---------------- pre-review: upload card and report card ---------------- */

  var PREREVIEW_POLL_MS = 2000;
  var PREREVIEW_MAX_POLLS = 90;

  /* Files plus, for each, which material it is (or let the service recognise it). */
  function uploadCard(payload) {
    var target = isObject(payload.target) ? payload.target : {};
    var materials = Array.isArray(payload.materials) ? payload.materials : [];
    var card = el('form', 'answer-card upload-card');
    card.setAttribute('aria-label', '上传材料预审：' + str(target.name));
    var picker = el('input');
    picker.type = 'file';
    picker.multiple = true;
    picker.accept = str(payload.accept) || '.jpg,.jpeg,.png,.pdf,.docx';
    picker.setAttribute('aria-label', '选择材料文件');
    var pickLabel = el('label', 'upload-pick');
    pickLabel.appendChild(el('span', null, '选择文件（可多选）'));
    pickLabel.appendChild(picker);
    card.appendChild(pickLabel);
    var list = el('ul', 'upload-files');
    card.appendChild(list);
    var submit = el('button', 'upload-submit', '开始预审');
    submit.type = 'submit';
    submit.disabled = true;
    card.appendChild(submit);
    var status = el('p', 'upload-status');
    status.setAttribute('role', 'status');
    card.appendChild(status);

    picker.addEventListener('change', function () {
      while (list.firstChild) list.removeChild(list.firstChild);
      for (var i = 0; i < picker.files.length; i++) {
        var li = el('li');
        li.appendChild(el('span', 'upload-name', picker.files[i].name));
        var select = el('select');
        select.setAttribute('aria-label', picker.files[i].name + ' 是哪份材料');
        var auto = el('option', null, '自动识别');
        auto.value = '';
        select.appendChild(auto);
        for (var j = 0; j < materials.length; j++) {
          var m = isObject(materials[j]) ? materials[j] : {};
          var option = el('option', null, str(m.name));
          option.value = str(m.name);
          select.appendChild(option);
        }
        li.appendChild(select);
        list.appendChild(li);
      }
      submit.disabled = picker.files.length === 0;
    });

    card.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!picker.files.length) return;
      var body = new FormData();
      body.append('item', str(target.code) || str(target.name));
      body.append('answers', JSON.stringify(isObject(payload.answers) ? payload.answers : {}));
      var selects = list.querySelectorAll('select');
      for (var i = 0; i < picker.files.length; i++) {
        body.append('files', picker.files[i], picker.files[i].name);
        body.append('labels', selects[i] ? selects[i].value : '');
      }
      submit.disabled = true;
      status.textContent = '正在预审，请稍候（每份材料约需几秒）…';
      fetch('/api/v1/prereview?wait=25', { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (response) { return readReview(response, status, submit, 0); })
        .catch(function () { status.textContent = MSG_NETWORK; submit.disabled = false; });
    });
    return card;
  }

  function readReview(response, status, submit, polls) {
    return response.text().then(function (raw) {
      var data = null;
      try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = null; }
      if (response.status === 202 && isObject(data) && safeUrl(data.status_url) && polls < PREREVIEW_MAX_POLLS) {
        setTimeout(function () {
          fetch(safeUrl(data.status_url), { credentials: 'same-origin' })
            .then(function (r) { return readReview(r, status, submit, polls + 1); })
            .catch(function () { status.textContent = MSG_NETWORK; submit.disabled = false; });
        }, PREREVIEW_POLL_MS);
        return;
      }
      if (!response.ok || !isObject(data)) {
        status.textContent = isObject(data) && str(data.message) ? str(data.message) : MSG_SERVER;
        submit.disabled = false;
        return;
      }
      status.textContent = '预审完成，结果见下方。';
      var entry = { role: 'bot', text: str(data.notice), buttons: [], payload: { kind: 'prereview', report: data } };
      history.push(entry);
      saveHistory();
      revealFrom(renderBot(entry, entry));
    });
  }

  /* The pre-review report: verdict, every defect with its fix, the 一次性告知 text. */
  function reportCard(text, payload) {
    var data = isObject(payload.report) ? payload.report : {};
    var target = isObject(data.target) ? data.target : {};
    var pass = data.verdict === 'pass';
    var card = el('article', 'answer-card report-card ' + (pass ? 'pass' : 'fail'));
    card.setAttribute('aria-label', '预审结果：' + (pass ? '通过' : '需补正'));
    var head = el('header', 'card-head');
    head.appendChild(el('span', 'card-item', str(target.name)));
    head.appendChild(el('span', 'card-field', pass ? '预审通过' : '预审未通过 · 请一次性补正'));
    card.appendChild(head);
    var materials = Array.isArray(data.materials) ? data.materials : [];
    var ul = el('ul', 'report-materials');
    for (var i = 0; i < materials.length; i++) {
      var m = isObject(materials[i]) ? materials[i] : {};
      var li = el('li', 'status-' + str(m.status));
      li.appendChild(el('span', 'material-name', str(m.material)));
      li.appendChild(el('span', 'material-status', str(m.status)));
      ul.appendChild(li);
    }
    card.appendChild(ul);
    var defects = Array.isArray(data.defects) ? data.defects : [];
    if (defects.length) {
      var ol = el('ol', 'report-defects');
      for (var k = 0; k < defects.length; k++) {
        var d = isObject(defects[k]) ? defects[k] : {};
        var item = el('li');
        item.appendChild(el('span', 'defect-message', str(d.message)));
        if (str(d.fix)) item.appendChild(el('span', 'defect-fix', str(d.fix)));
        ol.appendChild(item);
      }
      card.appendChild(ol);
    }
    var details = el('details', 'report-notice');
    details.appendChild(el('summary', null, '一次性告知单全文'));
    details.appendChild(renderLines(el('div', 'card-text'), str(data.notice) || text));
    card.appendChild(details);
    var foot = el('footer', 'card-foot');
    var jobUrl = safeUrl(data.status_url);
    if (jobUrl) {
      var remove = el('button', 'report-delete', '删除我上传的文件');
      remove.type = 'button';
      remove.addEventListener('click', function () {
        remove.disabled = true;
        fetch(jobUrl, { method: 'DELETE', credentials: 'same-origin' })
          .then(function (r) { remove.textContent = r.ok || r.status === 404 ? '已删除' : '删除失败，请稍后重试'; if (!r.ok && r.status !== 404) remove.disabled = false; })
          .catch(function () { remove.textContent = MSG_NETWORK; remove.disabled = false; });
      });
      foot.appendChild(remove);
    }
    card.appendChild(foot);
    return { node: card, speech: str(data.notice) || text };
  }

  function answerCard(text, payload, entry) {
    var item = isObject(payload.item) ? payload.item : {};
    var itemName = str(item.name);
    var itemCode = str(item.code);
    var fieldLabel = str(payload.field_label) || str(payload.field);
    var answerId = str(payload.answer_id);
    var url = safeUrl(payload.url);

    var card = el('article', 'answer-card');
    if (answerId) card.setAttribute('data-answer-id', answerId);
    if (itemCode) card.setAttribute('data-item-code', itemCode);
    card.setAttribute('aria-label', '答复' + (itemName ? '：' + itemName : '') + (fieldLabel ? ' · ' + fieldLabel : ''));

    if (itemName || fieldLabel) {
      var head = el('header', 'card-head');
      if (itemName) head.appendChild(el('span', 'card-item', itemName));
      if (fieldLabel) head.appendChild(el('span', 'card-field', fieldLabel));
      card.appendChild(head);
    }
    card.appendChild(renderLines(el('div', 'card-text'), text));

    var foot = el('footer', 'card-foot');
    var sourceLabel = (itemName ? '《' + itemName + '》' : '') + '办事指南' + (fieldLabel ? ' · ' + fieldLabel : '');
    var source = el('p', 'source');
    source.appendChild(document.createTextNode('来源：'));
    if (url) {
      var link = el('a', null, sourceLabel);
      link.href = url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.appendChild(el('span', 'visually-hidden', '（在新窗口打开）'));
      source.appendChild(link);
    } else {
      source.appendChild(el('span', null, sourceLabel));
    }
    foot.appendChild(source);

    if (answerId) foot.appendChild(ratingControls(answerId, entry));
    card.appendChild(foot);

    var sourceSpoken = (itemName ? '《' + itemName + '》' : '') + '办事指南' + (fieldLabel ? '，' + fieldLabel : '');
    return { node: card, speech: text + '\n来源：' + sourceSpoken };
  }

  function ratingControls(answerId, entry) {
    var box = el('div', 'rating-box');
    var row = el('div', 'rating');
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', '评价这条答复');
    row.appendChild(el('span', 'rating-q', '这条答复有帮助吗？'));

    var good = el('button', 'rate-good');
    good.type = 'button';
    good.appendChild(icon('thumbUp'));
    good.appendChild(el('span', null, '好评'));
    var bad = el('button', 'rate-bad');
    bad.type = 'button';
    bad.appendChild(icon('thumbDown'));
    bad.appendChild(el('span', null, '差评'));
    var thanks = el('span', 'rating-thanks', '感谢评价');
    thanks.setAttribute('role', 'status');
    thanks.hidden = true;
    row.appendChild(good);
    row.appendChild(bad);
    row.appendChild(thanks);
    box.appendChild(row);

    var reasonId = uid('rate-reason');
    var reasonBox = el('div', 'rate-reason');
    reasonBox.id = reasonId;
    reasonBox.hidden = true;
    var inputId = uid('rate-reason-input');
    var label = el('label', 'visually-hidden', '差评原因（可不填）');
    label.htmlFor = inputId;
    var reason = el('input');
    reason.type = 'text';
    reason.id = inputId;
    reason.maxLength = MAX_REASON;
    reason.placeholder = '哪里不对？（可不填）';
    reason.autocomplete = 'off';
    var submit = el('button', 'rate-submit', '提交');
    submit.type = 'button';
    reasonBox.appendChild(label);
    reasonBox.appendChild(reason);
    reasonBox.appendChild(submit);
    box.appendChild(reasonBox);
    bad.setAttribute('aria-expanded', 'false');
    bad.setAttribute('aria-controls', reasonId);

    function finish(which) {
      good.disabled = true;
      bad.disabled = true;
      bad.setAttribute('aria-expanded', 'false');
      (which === 'good' ? good : bad).classList.add('chosen');
      reasonBox.hidden = true;
      thanks.hidden = false;
    }
    function setBusy(on) {
      good.disabled = on;
      bad.disabled = on;
      submit.disabled = on;
      reason.disabled = on;
    }
    if (entry && (entry.rated === 'good' || entry.rated === 'bad')) {
      finish(entry.rated);
      return box;
    }

    function rate(which, message) {
      setBusy(true);
      send({
        message: message,
        silent: true,
        onSuccess: function () {
          submit.disabled = false;
          reason.disabled = false;
          finish(which);
          if (entry) { entry.rated = which; saveHistory(); }
        },
        onFailure: function () { setBusy(false); }
      });
    }

    good.addEventListener('click', function () {
      rate('good', '/rate_good' + JSON.stringify({ answer_id: answerId }));
    });
    bad.addEventListener('click', function () {
      var open = reasonBox.hidden;
      reasonBox.hidden = !open;
      bad.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (open) reason.focus();
    });
    function submitBad() {
      var data = { answer_id: answerId };
      var why = reason.value.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON);
      if (why) data.reason = why;
      rate('bad', '/rate_bad' + JSON.stringify(data));
    }
    submit.addEventListener('click', submitBad);
    reason.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        submitBad();
      }
    });
    return box;
  }

  function renderWelcome() {
    var shell = botShell('welcome');
    shell.body.appendChild(renderLines(el('div', 'bubble'), WELCOME_TEXT));
    shell.body.appendChild(actionsRow(function () { return WELCOME_TEXT; }));
    var replies = quickReplies(WELCOME_REPLIES.map(function (t) { return { title: t, payload: t }; }));
    if (replies) shell.body.appendChild(replies);
    return append(shell.wrap);
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
      var node = renderBot(entry, entry);
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
    while (messagesEl.firstChild) messagesEl.removeChild(messagesEl.firstChild);
    renderWelcome();
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

  renderWelcome();
  for (var h = 0; h < history.length; h++) {
    var item = history[h];
    if (!isObject(item)) continue;
    if (item.role === 'user') renderUser(str(item.text));
    else if (item.role === 'bot') renderBot(item, item);
  }
  scrollToBottom(false);
  autoGrow();
  if (!embedded && window.matchMedia && window.matchMedia('(pointer: fine)').matches) {
    focusInput({ preventScroll: true });
  }
})();
