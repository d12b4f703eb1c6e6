// Wagtail's date and time pickers, started from the data its widgets leave
// (templates/wagtailadmin/widgets/*_input.html) instead of inline scripts, which
// the site's Content-Security-Policy blocks. Widgets added later (dialogs loaded
// into the page) are started as they appear.
(function () {
  "use strict";
  if (window.kbDateChoosers) {
    return; // every widget includes this file; the first copy does the work
  }
  window.kbDateChoosers = true;
  var CHOOSERS = ["initDateTimeChooser", "initDateChooser", "initTimeChooser"];
  var started = new WeakSet();

  function start(root) {
    root.querySelectorAll("script[data-kb-chooser]").forEach(function (data) {
      var name = data.dataset.kbChooser;
      if (started.has(data) || CHOOSERS.indexOf(name) === -1) {
        return;
      }
      started.add(data);
      if (typeof window[name] === "function") {
        window[name](data.dataset.kbChooserFor, JSON.parse(data.textContent));
      }
    });
  }

  start(document);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          start(node.parentNode || node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
