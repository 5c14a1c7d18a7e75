/* 好评 / 差评 under an answer, with an optional reason for 差评. A rating goes to the bot as a
 * silent message (/rate_good, /rate_bad); the choice is kept in the history entry so a reload
 * shows it done. */
import { el, uid } from '../dom.js';
import { icon } from '../icons.js';

var MAX_REASON = 200;

export function ratingControls(answerId, entry, chat) {
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
    chat.send({
      message: message,
      silent: true,
      onSuccess: function () {
        submit.disabled = false;
        reason.disabled = false;
        finish(which);
        if (entry) { entry.rated = which; chat.saveHistory(); }
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
