// coop serve: a small script written for this project (MIT, like coop).
// Every page works without it. With it, the preview on Documenten follows
// the choices while you make them: the form is sent in the background and
// the preview (with its download buttons) is replaced. Nothing else.
"use strict";
(function () {
  var form = document.querySelector("form[data-voorbeeld]");
  if (!form || !window.fetch || !window.DOMParser) return;
  var timer = null;
  var busy = null;
  function refresh() {
    if (busy) busy.abort();
    busy = new AbortController();
    var body = new URLSearchParams(new FormData(form));
    fetch(form.action, {
      method: "POST",
      body: body,
      signal: busy.signal,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (r) {
      return r.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      ["#voorbeeld", "#fout"].forEach(function (id) {
        var now = document.querySelector(id);
        var next = page.querySelector(id);
        if (now && next) now.replaceWith(next);
      });
    }).catch(function () {});
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 100);
  });
})();
