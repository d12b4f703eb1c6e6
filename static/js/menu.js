/*
 * The header's menu button on narrow screens.
 *
 * The page is served with the menu open and the button hidden, so that without
 * JavaScript every link is still there. This shows the button, which collapses the
 * menu (kb.css hides the menu after a button whose aria-expanded is "false" on
 * narrow screens; on wide ones the button stays hidden by CSS and the menu shows).
 * The button toggles aria-expanded; Escape closes the open menu and puts the focus
 * back on the button.
 */
(function () {
  "use strict";

  function init() {
    var button = document.querySelector(".menu-button[aria-controls]");
    if (!button) return;
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;

    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }

    button.setAttribute("aria-expanded", "false");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", isOpen() ? "false" : "true");
    });
    menu.addEventListener("keydown", function (event) {
      // offsetParent: the button is shown (a narrow screen), so the menu can close.
      if (event.key === "Escape" && isOpen() && button.offsetParent !== null) {
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
