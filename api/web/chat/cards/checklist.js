/* The personalised checklist (材料清单): what to bring, with the printable page and the PDF of the
 * 一次性告知单. When the citizen is not eligible, or nothing is needed, the bot's text instead. */
import { el, isObject, str, renderLines, safeUrl } from '../dom.js';

export function checklistCard(text, payload) {
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
