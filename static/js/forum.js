/* Forum: live Markdown preview, "similar questions" while typing a title,
   and one submit per form. Everything works without it. */
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function csrfToken(el) {
    var form = el.closest("form");
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Live preview: the server renders exactly what will be saved.
  document.querySelectorAll("[data-preview-for]").forEach(function (box) {
    var textarea = document.getElementById(box.dataset.previewFor);
    if (!textarea) return;
    var lastSent = null;
    var update = debounce(function () {
      var text = textarea.value;
      if (text === lastSent) return;
      lastSent = text;
      if (!text.trim()) { box.hidden = true; return; }
      var body = new URLSearchParams();
      body.set("body", text);
      fetch(box.dataset.previewUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken(box), "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
        credentials: "same-origin"
      }).then(function (r) { return r.json(); }).then(function (data) {
        box.hidden = false;
        if (data.error) {
          box.textContent = data.error;
        } else {
          // The server sanitised this HTML with the same allow-list used on save.
          box.innerHTML = '<p class="md-preview-label">Preview</p>' + data.html;
        }
      }).catch(function () {});
    }, 300);
    textarea.addEventListener("input", update);
  });

  // Similar questions and articles while the asker types the title.
  document.querySelectorAll("[data-similar-for]").forEach(function (box) {
    var input = document.getElementById(box.dataset.similarFor);
    var list = box.querySelector("ul");
    if (!input || !list) return;
    var lastQuery = null;
    var update = debounce(function () {
      var q = input.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      if (q.length < 3) { box.hidden = true; return; }
      fetch(box.dataset.similarUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (q !== lastQuery) return;
          list.textContent = "";
          (data.results || []).forEach(function (hit) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = hit.open_url;
            a.textContent = hit.title;
            a.target = "_blank";
            a.rel = "noopener";
            li.appendChild(a);
            var kind = document.createElement("span");
            kind.className = "tag";
            kind.textContent = hit.kind === "article" ? "Article" : (hit.answered ? "Answered thread" : "Thread");
            li.appendChild(kind);
            list.appendChild(li);
          });
          box.hidden = list.children.length === 0;
        }).catch(function () {});
    }, 300);
    input.addEventListener("input", update);
    update();
  });

  // A double click sends the form once (the server also ignores a repeated token).
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (form.dataset.sent) return;
      form.dataset.sent = "1";
      setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
})();
