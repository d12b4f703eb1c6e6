/* Forum editor: a small Markdown toolbar, picture upload, @mention suggestions
   and a draft kept in this browser until the form is sent. Everything works
   without it; the server checks and sanitises whatever arrives. */
(function () {
  "use strict";

  function csrfToken(el) {
    var form = el.closest("form");
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function insertAround(textarea, before, after, placeholder) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var chosen = textarea.value.slice(start, end) || placeholder;
    textarea.setRangeText(before + chosen + after, start, end, "end");
    textarea.selectionStart = start + before.length;
    textarea.selectionEnd = start + before.length + chosen.length;
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function prefixLines(textarea, prefix) {
    var start = textarea.value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var end = textarea.selectionEnd;
    var lines = textarea.value.slice(start, end).split("\n").map(function (l) { return prefix + l; });
    textarea.setRangeText(lines.join("\n"), start, end, "end");
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  var ACTIONS = [
    ["Bold", "B", function (t) { insertAround(t, "**", "**", "bold text"); }],
    ["Italic", "I", function (t) { insertAround(t, "*", "*", "italic text"); }],
    ["Code", "</>", function (t) { insertAround(t, "`", "`", "code"); }],
    ["Link", "Link", function (t) { insertAround(t, "[", "](https://)", "link text"); }],
    ["Bulleted list", "•", function (t) { prefixLines(t, "- "); }],
    ["Quote", "❝", function (t) { prefixLines(t, "> "); }]
  ];

  function status(box, text) { box.textContent = text; }

  function addToolbar(textarea, statusBox) {
    var bar = document.createElement("div");
    bar.className = "md-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    ACTIONS.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-tool";
      button.textContent = action[1];
      button.setAttribute("aria-label", action[0]);
      button.title = action[0];
      button.addEventListener("click", function () { action[2](textarea); });
      bar.appendChild(button);
    });
    if (textarea.dataset.uploadUrl) {
      var label = document.createElement("label");
      label.className = "md-tool md-upload";
      label.textContent = "Picture";
      var file = document.createElement("input");
      file.type = "file";
      file.accept = "image/*";
      file.className = "visually-hidden";
      file.setAttribute("aria-label", "Add a picture");
      label.appendChild(file);
      file.addEventListener("change", function () {
        if (!file.files.length) return;
        var data = new FormData();
        data.append("image", file.files[0]);
        status(statusBox, "Uploading the picture…");
        fetch(textarea.dataset.uploadUrl, {
          method: "POST", body: data, credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(textarea) }
        }).then(function (r) { return r.json(); }).then(function (reply) {
          if (reply.error) { status(statusBox, reply.error); return; }
          insertAround(textarea, "", "\n", reply.markdown);
          status(statusBox, "Picture added.");
        }).catch(function () { status(statusBox, "The picture could not be uploaded."); });
        file.value = "";
      });
      bar.appendChild(label);
    }
    textarea.parentNode.insertBefore(bar, textarea);
  }

  function keepDraft(textarea, statusBox) {
    var key = "kb-draft:" + location.pathname + ":" + (textarea.form ? textarea.form.action : "") + ":" + textarea.name;
    var store;
    try { store = window.localStorage; store.getItem(key); } catch (e) { return; }
    var saved = store.getItem(key);
    if (saved && !textarea.value.trim()) {
      textarea.value = saved;
      status(statusBox, "Your unsent draft is back.");
    }
    var timer;
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (textarea.value.trim()) {
          store.setItem(key, textarea.value);
          status(statusBox, "Draft saved in this browser.");
        } else {
          store.removeItem(key);
        }
      }, 500);
    });
    if (textarea.form) {
      textarea.form.addEventListener("submit", function () { store.removeItem(key); });
    }
  }

  function suggestMentions(textarea) {
    var url = textarea.dataset.mentionsUrl || textarea.dataset.mentions;
    if (!url) return;
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.hidden = true;
    list.setAttribute("aria-label", "Members to mention");
    textarea.parentNode.insertBefore(list, textarea.nextSibling);
    var lastQuery = null, timer;
    textarea.addEventListener("input", function () {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = /(?:^|\s)@([\w.+-]{1,30})$/.exec(before);
      if (!match) { list.hidden = true; return; }
      var q = match[1];
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (q === lastQuery && !list.hidden) return;
        lastQuery = q;
        fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            list.textContent = "";
            (data.results || []).forEach(function (member) {
              var li = document.createElement("li");
              var button = document.createElement("button");
              button.type = "button";
              button.className = "link-button";
              button.textContent = "@" + member.username + (member.name !== member.username ? " (" + member.name + ")" : "");
              button.addEventListener("click", function () {
                var end = textarea.selectionStart;
                var start = textarea.value.lastIndexOf("@", end - 1);
                textarea.setRangeText("@" + member.username + " ", start, end, "end");
                list.hidden = true;
                textarea.focus();
                textarea.dispatchEvent(new Event("input", { bubbles: true }));
              });
              li.appendChild(button);
              list.appendChild(li);
            });
            list.hidden = list.children.length === 0;
          }).catch(function () {});
      }, 200);
    });
  }

  document.querySelectorAll("textarea[data-editor]").forEach(function (textarea) {
    var statusBox = document.createElement("p");
    statusBox.className = "md-status";
    statusBox.setAttribute("aria-live", "polite");
    textarea.parentNode.insertBefore(statusBox, textarea.nextSibling);
    addToolbar(textarea, statusBox);
    keepDraft(textarea, statusBox);
    suggestMentions(textarea);
  });
  document.querySelectorAll("textarea[data-mentions]").forEach(suggestMentions);
})();
