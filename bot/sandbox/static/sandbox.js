// Werkplekcoach sandbox: send the page's forms without reloading and refresh the chat
// when the server says something changed. Without this script every form still works.
(function () {
  "use strict";
  var busy = false;
  var again = false;

  function scroller() {
    // The chat scrolls by itself on a wide screen and with the page on a phone.
    var log = document.getElementById("log");
    return log && log.scrollHeight > log.clientHeight + 1 ? log : document.scrollingElement;
  }

  function nearBottom() {
    var box = scroller();
    return box.scrollTop + box.clientHeight >= box.scrollHeight - 120;
  }

  function toBottom() {
    var box = scroller();
    box.scrollTop = box.scrollHeight;
    if (box === document.scrollingElement) {
      var composer = document.getElementById("composer");
      if (composer) { composer.scrollIntoView({block: "end"}); }
    }
  }

  function swap(doc, id) {
    var fresh = doc.getElementById(id);
    var old = document.getElementById(id);
    if (fresh && old) { old.replaceWith(fresh); }
  }

  function refresh() {
    if (busy) { again = true; return Promise.resolve(); }
    busy = true;
    var stick = nearBottom();
    return fetch(location.pathname, {headers: {"X-Requested-With": "fetch"}})
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var keep = document.getElementById("log");
        var top = keep ? keep.scrollTop : 0;
        ["log", "personas", "clock", "flash"].forEach(function (id) { swap(doc, id); });
        var log = document.getElementById("log");
        if (log) { log.scrollTop = top; }
        var note = doc.querySelector("#chat > .note");
        var oldNote = document.querySelector("#chat > .note");
        if (note && oldNote) { oldNote.replaceWith(note); }
        document.body.dataset.version = doc.body.dataset.version;
        if (stick) { toBottom(); }
      })
      .finally(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (!form.classList.contains("js")) { return; }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    document.body.classList.add("working");
    fetch(form.action, {method: "POST", body: new URLSearchParams(data),
                        headers: {"X-Requested-With": "fetch"}})
      .then(function () {
        if (form.id === "composer") {
          form.reset();
          var reply = form.querySelector(".replying");
          if (reply) { location.href = location.pathname; return; }
        }
        return refresh().then(toBottom);
      })
      .finally(function () {
        buttons.forEach(function (b) { b.disabled = false; });
        document.body.classList.remove("working");
        var text = document.getElementById("text");
        if (form.id === "composer" && text) { text.focus(); }
      });
  });

  // Enter sends, Shift+Enter makes a new line, as in chat apps.
  document.addEventListener("keydown", function (event) {
    if (event.target.id === "text" && event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });

  if (window.EventSource) {
    var source = new EventSource("/events");
    source.onmessage = function (event) {
      if (event.data !== document.body.dataset.version) { refresh(); }
    };
  }
  toBottom();
})();
