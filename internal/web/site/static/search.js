// Staff search: "/" puts the focus into the search box, as on GitHub and
// GitLab. The box is a plain form that works without this file; the
// shortcut is announced in the box's title and aria-keyshortcuts.
(function () {
  "use strict";

  // typing: the key goes to something that takes text or choices, where
  // "/" must stay a character (or a select's type-ahead).
  function typing(el) {
    if (!el || !el.closest) { return false; }
    return el.isContentEditable || el.closest("input, textarea, select, [contenteditable]") !== null;
  }

  // The search page's own box comes after the header's in the document:
  // the last box announcing the shortcut is the one to use.
  function box() {
    var all = document.querySelectorAll('input[aria-keyshortcuts="/"]');
    return all.length ? all[all.length - 1] : null;
  }

  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || e.isComposing) { return; }
    var target = box();
    if (!target || typing(e.target)) { return; }
    e.preventDefault();
    target.focus();
    target.select();
  });
})();
