/* Contact support: while the customer types, show what may already answer it.
   Without JavaScript the server shows the same suggestions after a first submit. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-contact-form]");
  if (!form || !window.fetch) return;
  var box = form.querySelector("[data-contact-suggestions]");
  var list = box && box.querySelector("ul");
  var subject = form.querySelector("[name=subject]");
  var description = form.querySelector("[name=description]");
  var seen = form.querySelector("[name=suggestions_seen]");
  if (!list || !subject || !description) return;

  var timer = null;
  var lastSent = null;

  function label(hit) {
    if (hit.kind === "article") return "Article";
    return hit.answered ? "Answered thread" : hit.kind_label;
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.open_url;
      link.textContent = hit.title;
      item.appendChild(link);
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = label(hit);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(tag);
      list.appendChild(item);
    });
    box.hidden = results.length === 0;
  }

  function update() {
    var params = new URLSearchParams();
    params.set("subject", subject.value.trim());
    params.set("description", description.value.trim().slice(0, 2000));
    var query = params.toString();
    if (query === lastSent) return;
    lastSent = query;
    if ((subject.value + description.value).trim().length < 3) { show([]); return; }
    fetch(form.dataset.suggestUrl + "?" + query, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || query !== lastSent) return;
        show(data.results || []);
        // The customer has had the chance to see them: send on the first submit.
        if (seen) seen.value = "on";
      })
      .catch(function () {});
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(update, 350);
  }

  subject.addEventListener("input", later);
  description.addEventListener("input", later);
  if (subject.value || description.value) update();
})();
