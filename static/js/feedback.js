// "Was this helpful?": send the answer without reloading the page.
// Without JavaScript the same forms POST and the server redirects back.
(function () {
  "use strict";

  function showError(widget, message) {
    var error = widget.querySelector("[data-feedback-error]");
    if (error) {
      error.textContent = message;
      error.hidden = false;
    }
  }

  function fallback(form, submitter) {
    if (submitter && submitter.name) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = submitter.name;
      hidden.value = submitter.value;
      form.appendChild(hidden);
    }
    form.submit();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-feedback-form]") : null;
    if (!form || !window.fetch || !window.FormData) return;
    var widget = form.closest("[data-feedback]");
    if (!widget) return;
    event.preventDefault();
    var submitter = event.submitter || null;
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    widget.setAttribute("aria-busy", "true");

    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 429) {
        throw { userMessage: "You're sending feedback too quickly. Please wait a minute and try again." };
      }
      return response.json().then(function (payload) {
        if (!response.ok || !payload.ok) {
          throw { userMessage: "Your feedback wasn't sent: please check your answer and try again." };
        }
        return payload;
      }, function () {
        throw { fallback: true };
      });
    }).then(function (payload) {
      widget.innerHTML = payload.html;
      widget.removeAttribute("aria-busy");
      var focus = widget.querySelector("[data-feedback-focus]");
      if (focus) focus.focus();
    }).catch(function (problem) {
      widget.removeAttribute("aria-busy");
      buttons.forEach(function (button) { button.disabled = false; });
      if (problem && problem.userMessage) {
        showError(widget, problem.userMessage);
      } else {
        fallback(form, submitter);
      }
    });
  });
})();
