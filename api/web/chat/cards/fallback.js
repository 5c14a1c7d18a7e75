/* Under a reply the bot could not place (fallback): a link to call the hotline — the one the
 * payload names when it looks like a phone number, else 12345. */
import { str } from '../dom.js';
import { HOTLINE } from '../texts.js';
import { callLink } from '../messages.js';

export function hotlineLink(payload) {
  var hotline = /^[0-9-]{3,20}$/.test(str(payload.hotline)) ? str(payload.hotline) : HOTLINE;
  return callLink(hotline, '拨打 ' + hotline + ' 政务服务便民热线');
}
