/* An answer (答复) from the 办事指南: the item and field it is about, the text, its source with a
 * link to the guide, and the rating controls. */
import { el, isObject, str, renderLines, safeUrl } from '../dom.js';
import { ratingControls } from './rating.js';

export function answerCard(text, payload, entry, chat) {
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

  if (answerId) foot.appendChild(ratingControls(answerId, entry, chat));
  card.appendChild(foot);

  var sourceSpoken = (itemName ? '《' + itemName + '》' : '') + '办事指南' + (fieldLabel ? '，' + fieldLabel : '');
  return { node: card, speech: text + '\n来源：' + sourceSpoken };
}
