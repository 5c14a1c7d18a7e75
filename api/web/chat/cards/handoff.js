/* The handoff notice (转人工): the citizen is being passed to a person, with the handoff number
 * (转接编号) to quote. */
import { el, str, renderLines } from '../dom.js';
import { icon } from '../icons.js';

export function handoffNotice(text, payload) {
  var notice = el('div', 'bubble notice');
  var title = el('p', 'notice-title');
  title.appendChild(icon('person'));
  title.appendChild(el('span', null, '人工服务'));
  notice.appendChild(title);
  var noticeText = text || '已为您转接人工客服，请稍候…';
  renderLines(notice, noticeText);
  var ref = str(payload.handoff_id);
  if (ref) notice.appendChild(el('p', 'notice-ref', '转接编号：' + ref));
  return { node: notice, speech: noticeText };
}
