/* The page's modes: embedded (in the widget's iframe, ?embed=1) and large text (大字, kept in
 * localStorage so it holds on the next visit). The classes go on <html>; chat.css does the rest. */
import { local, getItem, setItem } from './storage.js';

var LARGE_TEXT_KEY = 'banshi.largeText';
var root = document.documentElement;

var params;
try { params = new URLSearchParams(window.location.search); } catch (e) { params = null; }
export const embedded = !!(params && params.get('embed') === '1');
if (embedded) root.classList.add('embed');

var largeText = getItem(local, LARGE_TEXT_KEY) === '1';
function applyLargeText() {
  root.classList.toggle('large-text', largeText);
  var toggle = document.getElementById('large-text-toggle');
  if (toggle) toggle.setAttribute('aria-pressed', largeText ? 'true' : 'false');
}
applyLargeText();

export function toggleLargeText() {
  largeText = !largeText;
  setItem(local, LARGE_TEXT_KEY, largeText ? '1' : '0');
  applyLargeText();
}
