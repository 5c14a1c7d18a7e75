/* A multiple-choice 情形 question (“以下情况有符合的吗？”): tick boxes and 确定, which sends the
 * ticked options as one answer. An option with id `none` (以上都没有 / 都不需要) clears the
 * others, and ticking another clears it. Once sent, the choice stays shown, also after a reload. */
import { el, str, uid, isObject, renderLines } from '../dom.js';

export function tickListCard(text, payload, entry, chat) {
  var question = payload.question;
  var target = isObject(payload.target) ? payload.target : {};
  var options = Array.isArray(question.options) ? question.options.filter(isObject) : [];
  var node = el('div', 'tick-list');
  // The text lists the options by number for channels without boxes; the boxes are enough here.
  renderLines(node.appendChild(el('div', 'bubble')), text.split('\n可多选：')[0]);
  var form = el('form', 'tick-form');
  var legendId = uid('tick-legend');
  var fieldset = el('fieldset');
  var legend = el('legend', 'visually-hidden', str(question.text));
  legend.id = legendId;
  fieldset.appendChild(legend);
  var boxes = options.map(function (option) {
    var id = uid('tick');
    var row = el('div', 'tick-option');
    var box = el('input');
    box.type = 'checkbox';
    box.id = id;
    box.value = str(option.id);
    var label = el('label', null, str(option.text));
    label.htmlFor = id;
    row.appendChild(box);
    row.appendChild(label);
    fieldset.appendChild(row);
    return box;
  });
  form.appendChild(fieldset);
  var submit = el('button', 'tick-submit', '确定');
  submit.type = 'submit';
  submit.disabled = true;
  form.appendChild(submit);
  node.appendChild(form);

  function ticked() { return boxes.filter(function (b) { return b.checked; }); }
  boxes.forEach(function (box) {
    box.addEventListener('change', function () {
      if (box.checked) {
        boxes.forEach(function (other) {
          if (other !== box && (box.value === 'none' || other.value === 'none')) other.checked = false;
        });
      }
      submit.disabled = ticked().length === 0;
    });
  });
  function done(values) {
    boxes.forEach(function (b) { b.checked = values.indexOf(b.value) >= 0; b.disabled = true; });
    submit.disabled = true;
    submit.textContent = '已确定';
  }
  if (entry && Array.isArray(entry.ticked)) done(entry.ticked);

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var chosen = ticked();
    if (!chosen.length) return;
    var values = chosen.map(function (b) { return b.value; });
    var labels = chosen.map(function (b) { return b.nextSibling.textContent; });
    submit.disabled = true;
    chat.send({
      message: '/answer_situation' + JSON.stringify({ situation: str(question.id) + '=' + values.join(','), item: str(target.code) }),
      display: labels.join('；'),
      onSuccess: function () {
        done(values);
        if (entry) { entry.ticked = values; chat.saveHistory(); }
      },
      onFailure: function () { submit.disabled = false; }
    });
  });
  return { node: node, speech: text };
}
