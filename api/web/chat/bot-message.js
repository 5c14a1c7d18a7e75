/* One bot message: its body is the card for its payload's kind (cards/), or its text — with the
 * hotline link under a fallback — and its buttons as quick replies. */
import { el, isObject, str, renderLines } from './dom.js';
import { append, botShell, actionsRow, quickReplies } from './messages.js';
import { answerCard } from './cards/answer.js';
import { checklistCard } from './cards/checklist.js';
import { uploadCard } from './cards/upload.js';
import { reportCard } from './cards/report.js';
import { handoffNotice } from './cards/handoff.js';
import { tickListCard } from './cards/question.js';
import { hotlineLink } from './cards/fallback.js';

/* Each takes (text, payload, entry, chat) and returns { node, speech }: speech is what 朗读 reads. */
var CARDS = {
  answer: answerCard,
  checklist: checklistCard,
  upload: uploadCard,
  prereview: reportCard,
  handoff: handoffNotice
};

/* `entry` is the message's history record (it keeps the rating); `chat` is what cards may ask of
 * the conversation — send, saveHistory, addBotMessage — passed in, as the conversation renders
 * the messages. */
export function renderBot(msg, entry, chat) {
  var text = str(msg.text);
  var buttons = Array.isArray(msg.buttons) ? msg.buttons : [];
  var payload = isObject(msg.payload) ? msg.payload : null;
  var kind = payload ? str(payload.kind) : '';
  var shell;

  var tickList = kind === 'question' && isObject(payload.question) && payload.question.multiple === true;
  if (tickList || Object.prototype.hasOwnProperty.call(CARDS, kind)) {
    shell = botShell(kind);
    var card = (tickList ? tickListCard : CARDS[kind])(text, payload, entry, chat);
    shell.body.appendChild(card.node);
    shell.body.appendChild(actionsRow(function () { return card.speech; }));
  } else {
    shell = botShell(kind === 'choices' || kind === 'fallback' ? kind : '');
    shell.body.appendChild(renderLines(el('div', 'bubble'), text));
    if (kind === 'fallback') shell.body.appendChild(hotlineLink(payload));
    shell.body.appendChild(actionsRow(function () { return text; }));
  }

  var replies = tickList ? null : quickReplies(buttons, chat);  // the boxes are the replies
  if (replies) shell.body.appendChild(replies);
  return append(shell.wrap);
}
