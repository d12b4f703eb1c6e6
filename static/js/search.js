/*
 * Search as you type, and click recording for search results.
 *
 * Every search box (a form with role="search" holding an input named "q") becomes
 * an ARIA 1.2 combobox: after two characters it offers matching titles and popular
 * searches from /search/suggest/. Keys: Down/Up move through the list, Enter opens
 * the highlighted suggestion (or searches when none is), Escape closes the list
 * (a second Escape clears the box), Tab leaves. Without JavaScript the plain form
 * still searches.
 *
 * Opening a result (or a suggested title) is reported with navigator.sendBeacon,
 * which never delays the page being opened.
 */
(function () {
  "use strict";

  var SUGGEST_URL = "/search/suggest/";
  var CLICK_URL = "/search/click/";
  var MIN_CHARS = 2;
  var DELAY_MS = 150;
  var counter = 0;

  function csrfFromCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function recordClick(token, csrf, url) {
    if (!token) return;
    var data = new FormData();
    data.append("t", token);
    data.append("csrfmiddlewaretoken", csrf || csrfFromCookie());
    var target = url || CLICK_URL;
    if (navigator.sendBeacon && navigator.sendBeacon(target, data)) return;
    try {
      fetch(target, { method: "POST", body: data, keepalive: true, credentials: "same-origin" });
    } catch (e) { /* a lost click is not worth an error */ }
  }

  function Combobox(input) {
    counter += 1;
    this.input = input;
    this.form = input.form;
    this.items = [];
    this.active = -1;
    this.cache = {};
    this.timer = null;
    this.controller = null;
    this.csrf = "";
    this.lastQuery = "";

    var id = "search-suggestions-" + counter;
    this.wrapper = document.createElement("div");
    this.wrapper.className = "search-combobox";
    input.parentNode.insertBefore(this.wrapper, input);
    this.wrapper.appendChild(input);

    this.listbox = document.createElement("ul");
    this.listbox.id = id;
    this.listbox.className = "search-suggestions";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", "Suggestions");
    this.listbox.hidden = true;
    this.wrapper.appendChild(this.listbox);

    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.wrapper.appendChild(this.status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");

    var self = this;
    input.addEventListener("input", function () { self.schedule(); });
    input.addEventListener("keydown", function (event) { self.onKey(event); });
    input.addEventListener("blur", function () {
      // Let a click on an option land before the list closes.
      window.setTimeout(function () { self.close(); }, 150);
    });
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) self.choose(Number(option.getAttribute("data-index")));
    });
  }

  Combobox.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var query = this.input.value.trim();
    if (query.length < MIN_CHARS) {
      this.close();
      return;
    }
    this.timer = window.setTimeout(function () { self.fetch(query); }, DELAY_MS);
  };

  Combobox.prototype.fetch = function (query) {
    var self = this;
    this.lastQuery = query;
    if (this.cache[query]) {
      this.render(this.cache[query]);
      return;
    }
    if (this.controller) this.controller.abort();
    this.controller = window.AbortController ? new AbortController() : null;
    fetch(SUGGEST_URL + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: this.controller ? this.controller.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        self.cache[query] = data;
        if (query === self.input.value.trim()) self.render(data);
      })
      .catch(function () { /* aborted or offline: keep the plain form */ });
  };

  Combobox.prototype.render = function (data) {
    this.csrf = data.csrf_token || this.csrf;
    this.items = data.suggestions || [];
    this.active = -1;
    this.listbox.innerHTML = "";
    this.input.removeAttribute("aria-activedescendant");
    if (!this.items.length) {
      this.close();
      this.status.textContent = "No suggestions.";
      return;
    }
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i];
      var option = document.createElement("li");
      option.id = this.listbox.id + "-" + i;
      option.className = "search-suggestion search-suggestion--" + item.type;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(i));
      var label = document.createElement("span");
      label.className = "search-suggestion__label";
      label.textContent = item.label;
      var kind = document.createElement("span");
      kind.className = "search-suggestion__kind";
      kind.textContent = item.kind_label;
      option.appendChild(label);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(kind);
      this.listbox.appendChild(option);
    }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.status.textContent = (data.corrected_query ? "Showing suggestions for " + data.corrected_query + ". " : "") +
      this.items.length + (this.items.length === 1 ? " suggestion" : " suggestions") +
      " available. Use the up and down arrow keys to choose.";
  };

  Combobox.prototype.close = function () {
    this.listbox.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Combobox.prototype.isOpen = function () {
    return !this.listbox.hidden && this.items.length > 0;
  };

  Combobox.prototype.highlight = function (index) {
    var options = this.listbox.querySelectorAll("[role=option]");
    if (!options.length) return;
    if (index < 0) index = options.length - 1;
    if (index >= options.length) index = 0;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    this.active = index;
    this.input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  };

  Combobox.prototype.choose = function (index) {
    var item = this.items[index];
    if (!item) return;
    if (item.click) recordClick(item.click, this.csrf);
    this.close();
    window.location.assign(item.url);
  };

  Combobox.prototype.onKey = function (event) {
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        if (!this.isOpen()) {
          if (this.input.value.trim().length >= MIN_CHARS) this.fetch(this.input.value.trim());
          return;
        }
        event.preventDefault();
        this.highlight(this.active + 1);
        break;
      case "ArrowUp":
      case "Up":
        if (!this.isOpen()) return;
        event.preventDefault();
        this.highlight(this.active - 1);
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break;
      case "Escape":
      case "Esc":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
        }
        break;
      case "Tab":
        this.close();
        break;
    }
  };

  function trackResults(wrap) {
    var url = wrap.getAttribute("data-click-url") || CLICK_URL;
    var tokenInput = wrap.querySelector("input[name=csrfmiddlewaretoken]");
    function onOpen(event) {
      var link = event.target.closest("a[data-click]");
      if (!link || (event.type === "auxclick" && event.button !== 1)) return;
      recordClick(link.getAttribute("data-click"), tokenInput ? tokenInput.value : "", url);
    }
    wrap.addEventListener("click", onOpen);
    wrap.addEventListener("auxclick", onOpen);
  }

  function init() {
    var inputs = document.querySelectorAll('form[role="search"] input[name="q"]');
    for (var i = 0; i < inputs.length; i++) new Combobox(inputs[i]);
    var wraps = document.querySelectorAll(".search-results-wrap");
    for (var j = 0; j < wraps.length; j++) trackResults(wraps[j]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
