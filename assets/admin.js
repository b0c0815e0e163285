// Revista newsroom, the article edit page: autosave and the edit lock's heartbeat.
// Hand-written (a few lines, no dependency); loaded with `defer`, no inline script (CSP).
// The form says where to post (data-autosave, data-lock); the server answers with a line
// in the user's language, shown in the #autosave-status live region.
(function () {
  "use strict";
  var form = document.getElementById("article-form");
  if (!form || !form.dataset.autosave) return;
  var status = document.getElementById("autosave-status");
  var dirty = false;
  var busy = false;
  function say(text) {
    if (status) status.textContent = text;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; busy = true; });
  function autosave() {
    if (!dirty || busy) return;
    busy = true;
    dirty = false;
    post(form.dataset.autosave, new URLSearchParams(new FormData(form)))
      .then(function (res) {
        if (!res.ok) dirty = true;
        return res.text();
      })
      .then(say, function () {
        dirty = true;
        say(form.dataset.offline);
      })
      .then(function () { busy = false; });
  }
  function heartbeat() {
    var body = new URLSearchParams({ _csrf: form.elements._csrf.value });
    post(form.dataset.lock, body).then(function (res) {
      if (res.status === 409) return res.text().then(say);
    }, function () {});
  }
  setInterval(autosave, 15000);
  setInterval(heartbeat, 60000);
})();
