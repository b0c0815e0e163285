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

// The image picker: a "Choose from the library" button beside every image-number field
// (featured and social image, and the figure form of the editor, which appears later),
// opening a dialog of library items from /admin/media/pick; choosing one puts its number
// in the field. The fields still take a typed number.
(function () {
  "use strict";
  var dialog = document.getElementById("media-picker");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var search = document.getElementById("media-picker-q");
  var results = dialog.querySelector(".media-picker-results");
  var target = null;
  var timer = null;
  var pending = null;
  function load(url, append) {
    if (pending) pending.abort();
    pending = new AbortController();
    return fetch(url, { credentials: "same-origin", signal: pending.signal })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.text();
      })
      .then(function (html) {
        // The server's own fragment (escaped by its templates), from the same origin.
        var doc = new DOMParser().parseFromString(html, "text/html");
        var more = results.querySelector(".media-pick-more");
        if (more) more.remove();
        if (!append) results.replaceChildren();
        var list = results.querySelector(".media-pick");
        // Copies of the live lists: moving an element out of one shortens it.
        Array.prototype.slice.call(doc.body.children).forEach(function (el) {
          if (append && list && el.classList.contains("media-pick")) {
            Array.prototype.slice.call(el.children).forEach(function (li) { list.appendChild(li); });
          } else if (!(append && el.getAttribute("role") === "status")) {
            results.appendChild(el);
          }
        });
      })
      .catch(function (e) {
        if (e.name !== "AbortError") results.textContent = dialog.dataset.failed;
      });
  }
  function url(q) {
    return "/admin/media/pick?" + new URLSearchParams({ q: q }).toString();
  }
  function open(input) {
    target = input;
    search.value = "";
    results.replaceChildren();
    dialog.showModal();
    search.focus();
    load(url(""), false);
  }
  function close() {
    dialog.close();
  }
  dialog.addEventListener("close", function () {
    if (target) target.focus();
    target = null;
  });
  dialog.querySelector(".media-picker-close").addEventListener("click", close);
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { load(url(search.value.trim()), false); }, 200);
  });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") e.preventDefault();
  });
  results.addEventListener("click", function (e) {
    var more = e.target.closest(".media-pick-more");
    if (more) {
      load(more.dataset.next, true);
      return;
    }
    var item = e.target.closest("[data-media-id]");
    if (!item || !target) return;
    target.value = item.dataset.mediaId;
    target.dispatchEvent(new Event("input", { bubbles: true }));
    target.dispatchEvent(new Event("change", { bubbles: true }));
    close();
  });
  function addButton(input) {
    if (input.dataset.picker) return;
    input.dataset.picker = "1";
    var b = document.createElement("button");
    b.type = "button";
    b.className = "media-pick-open";
    b.textContent = dialog.dataset.openLabel;
    var label = input.id && document.querySelector('label[for="' + input.id + '"]');
    if (label) b.setAttribute("aria-label", dialog.dataset.openLabel + ": " + label.textContent.trim());
    b.addEventListener("click", function () { open(input); });
    input.insertAdjacentElement("afterend", b);
  }
  function scan(root) {
    root.querySelectorAll("input[data-media-input], input[id$='-mediaId']").forEach(addButton);
  }
  scan(document);
  // The editor's figure form is built when it opens.
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      r.addedNodes.forEach(function (n) {
        if (n.nodeType === 1) scan(n.parentNode || n);
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
