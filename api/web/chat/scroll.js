/* Keeping the conversation in view as it grows. */

var scroller = document.getElementById('scroller');
var reduceMotion = !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);

export function scrollToBottom(smooth) {
  var top = scroller.scrollHeight;
  if (smooth && !reduceMotion && typeof scroller.scrollTo === 'function') {
    scroller.scrollTo({ top: top, behavior: 'smooth' });
  } else {
    scroller.scrollTop = top;
  }
}

/* New bot replies: scroll to the end, unless they are taller than the view — then show their start. */
export function revealFrom(firstNew) {
  if (!firstNew) { scrollToBottom(true); return; }
  var scRect = scroller.getBoundingClientRect();
  var rect = firstNew.getBoundingClientRect();
  var below = scroller.scrollHeight - (scroller.scrollTop + (rect.top - scRect.top));
  if (below <= scroller.clientHeight) {
    scrollToBottom(true);
  } else {
    var target = scroller.scrollTop + (rect.top - scRect.top) - 12;
    if (!reduceMotion && typeof scroller.scrollTo === 'function') {
      scroller.scrollTo({ top: target, behavior: 'smooth' });
    } else {
      scroller.scrollTop = target;
    }
  }
}

export function nearBottom() {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
}
