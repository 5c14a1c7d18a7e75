/* Pre-review (材料预审) in the chat: the citizen picks files, says which material each one is (or
 * lets the service recognise it), and uploads them; the report comes back as a new bot message
 * (cards/report.js draws it). The service answers 202 while it is still checking: poll. */
import { el, isObject, str, renderLines, safeUrl } from '../dom.js';
import { MSG_NETWORK, MSG_SERVER } from '../texts.js';
import { readJson } from '../transport.js';

var PREREVIEW_POLL_MS = 2000;
var PREREVIEW_MAX_POLLS = 90;

/* The bot's invitation, then the form: files plus, for each, which material it is. */
export function uploadCard(text, payload, entry, chat) {
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
      .then(function (response) { return readReview(response, status, submit, 0, chat); })
      .catch(function () { status.textContent = MSG_NETWORK; submit.disabled = false; });
  });
  var shown = document.createDocumentFragment();  /* two nodes in the message: bubble and form */
  shown.appendChild(renderLines(el('div', 'bubble'), text));
  shown.appendChild(card);
  return { node: shown, speech: text };
}

function readReview(response, status, submit, polls, chat) {
  return readJson(response).then(function (data) {
    if (response.status === 202 && isObject(data) && safeUrl(data.status_url) && polls < PREREVIEW_MAX_POLLS) {
      setTimeout(function () {
        fetch(safeUrl(data.status_url), { credentials: 'same-origin' })
          .then(function (r) { return readReview(r, status, submit, polls + 1, chat); })
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
    chat.addBotMessage(entry);
  });
}
