/* The pre-review report (预审结果): the verdict, each material's status, every defect with its fix,
 * the full 一次性告知 text, and a button to delete the uploaded files at once. */
import { el, isObject, str, renderLines, safeUrl } from '../dom.js';
import { MSG_NETWORK } from '../texts.js';

export function reportCard(text, payload) {
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
