/* Read aloud (朗读) with the browser's speech synthesis, for citizens who find reading hard.
 * Where the browser cannot speak, <html> gets the class no-speech and no 朗读 button is shown. */
import { el, str } from './dom.js';
import { icon } from './icons.js';

var synth = window.speechSynthesis;
export const canSpeak = !!(synth && typeof window.SpeechSynthesisUtterance === 'function');
if (!canSpeak) document.documentElement.classList.add('no-speech');
var speakingButton = null;

function chineseVoice() {
  if (!canSpeak || typeof synth.getVoices !== 'function') return null;
  var voices = synth.getVoices() || [];
  var best = null;
  for (var i = 0; i < voices.length; i++) {
    var lang = (voices[i].lang || '').toLowerCase().replace('_', '-');
    if (lang === 'zh-cn') return voices[i];
    if (!best && lang.indexOf('zh') === 0) best = voices[i];
  }
  return best;
}

function setSpeaking(button, on) {
  if (!button) return;
  button.setAttribute('aria-pressed', on ? 'true' : 'false');
  var label = button.querySelector('.speak-label');
  if (label) label.textContent = on ? '停止' : '朗读';
  var old = button.querySelector('.icon');
  if (old) button.replaceChild(icon(on ? 'stop' : 'speaker'), old);
}

export function stopSpeaking() {
  if (!canSpeak) return;
  try { synth.cancel(); } catch (e) { /* ignore */ }
  setSpeaking(speakingButton, false);
  speakingButton = null;
}

/* Text prepared for speech: bullets dropped, each line ends with a pause. */
function speechText(text) {
  var out = [];
  var lines = str(text).replace(/\r\n?/g, '\n').split('\n');
  for (var i = 0; i < lines.length; i++) {
    var line = lines[i].replace(/^\s*[•·●▪◦]\s*/, '').trim();
    if (!line) continue;
    if (!/[。！？；：，,.!?;:…]$/.test(line)) line += '。';
    out.push(line);
  }
  return out.join('\n');
}

function speak(button, text) {
  if (!canSpeak) return;
  if (speakingButton === button) { stopSpeaking(); return; }
  stopSpeaking();
  var utterance = new window.SpeechSynthesisUtterance(speechText(text));
  utterance.lang = 'zh-CN';
  utterance.rate = 0.95;
  var voice = chineseVoice();
  if (voice) utterance.voice = voice;
  var done = function () {
    if (speakingButton === button) {
      setSpeaking(button, false);
      speakingButton = null;
    }
  };
  utterance.onend = done;
  utterance.onerror = done;
  speakingButton = button;
  setSpeaking(button, true);
  try { synth.speak(utterance); } catch (e) { done(); }
}
if (canSpeak && typeof synth.addEventListener === 'function') {
  synth.addEventListener('voiceschanged', function () { /* voices load lazily in some browsers */ });
}

/* The 朗读 / 停止 button of one message; getText is asked at the click. */
export function speakButton(getText) {
  var button = el('button', 'speak-button');
  button.type = 'button';
  button.setAttribute('aria-pressed', 'false');
  button.setAttribute('aria-label', '朗读这条消息');
  button.appendChild(icon('speaker'));
  button.appendChild(el('span', 'speak-label', '朗读')).setAttribute('aria-hidden', 'true');
  button.addEventListener('click', function () { speak(button, getText()); });
  return button;
}
