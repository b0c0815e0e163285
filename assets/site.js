/* Progressive enhancements: blur placeholders of loading pictures, mega-menu disclosure, mobile menu, theme and text-size
   switches, copy-link, live search, "most read" tabs, and the beacon that counts an article
   view. Everything but the counting works without this file. */
(function () {
  "use strict";
  var d = document.documentElement;

  // Blur placeholders: a picture still loading shows its tiny blurred copy behind it.
  document.querySelectorAll("img[data-lqip]").forEach(function (img) {
    if (img.complete && img.naturalWidth) return;
    var url = img.getAttribute("data-lqip");
    if (!/^data:image\/webp;base64,[A-Za-z0-9+\/=]+$/.test(url)) return;
    img.style.backgroundImage = 'url("' + url + '")';
    img.classList.add("lqip");
    var done = function () {
      img.classList.remove("lqip");
      img.style.backgroundImage = "";
    };
    img.addEventListener("load", done, { once: true });
    img.addEventListener("error", done, { once: true });
  });

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* ignore */ }
  }

  // Mega menu: buttons disclose each section's latest posts; Escape closes.
  var toggles = document.querySelectorAll(".mega-toggle");
  function closeAll(except) {
    toggles.forEach(function (b) {
      if (b !== except) b.setAttribute("aria-expanded", "false");
    });
  }
  toggles.forEach(function (b) {
    b.addEventListener("click", function () {
      var open = b.getAttribute("aria-expanded") === "true";
      closeAll(b);
      b.setAttribute("aria-expanded", open ? "false" : "true");
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      var open = document.querySelector(".mega-toggle[aria-expanded='true']");
      closeAll(null);
      if (open) open.focus();
    }
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest(".has-mega")) closeAll(null);
  });

  // Mobile menu.
  var menu = document.querySelector(".menu-toggle");
  var nav = document.getElementById("main-nav");
  if (menu && nav) {
    menu.hidden = false;
    d.classList.add("js-menu");
    var setMenu = function (open) {
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
      // On narrow screens the search box and language switch live in the menu too.
      d.classList.toggle("menu-open", open);
    };
    menu.addEventListener("click", function () {
      setMenu(menu.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.getAttribute("aria-expanded") === "true" &&
          !document.querySelector(".mega-toggle[aria-expanded='true']") && nav.contains(document.activeElement)) {
        setMenu(false);
        menu.focus();
      }
    }, true); // capture: runs before the mega-menu handler closes an open submenu
  }

  // Theme: explicit choice wins over the system setting.
  var theme = document.querySelector(".theme-toggle");
  if (theme) {
    theme.hidden = false;
    var dark = function () {
      var t = d.getAttribute("data-theme");
      if (t) return t === "dark";
      return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    };
    theme.setAttribute("aria-pressed", dark() ? "true" : "false");
    theme.addEventListener("click", function () {
      var next = dark() ? "light" : "dark";
      d.setAttribute("data-theme", next);
      store("revista-theme", next);
      theme.setAttribute("aria-pressed", next === "dark" ? "true" : "false");
    });
  }

  // Text size, from -2 to +3 steps.
  var sizes = document.querySelector(".text-size");
  if (sizes) {
    sizes.hidden = false;
    sizes.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-size]");
      if (!b) return;
      var cur = parseInt(d.getAttribute("data-text-size") || "0", 10);
      var next = Math.max(-2, Math.min(3, cur + parseInt(b.getAttribute("data-size"), 10)));
      if (next === 0) d.removeAttribute("data-text-size"); else d.setAttribute("data-text-size", String(next));
      store("revista-text-size", String(next));
    });
  }

  // Copy link.
  var copy = document.querySelector(".copy-link");
  if (copy && !navigator.clipboard) {
    // No clipboard API (e.g. not a secure context): drop the place kept for the button.
    var item = copy.closest("li");
    if (item) item.remove();
  } else if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var label = copy.textContent;
      navigator.clipboard.writeText(copy.getAttribute("data-url")).then(function () {
        copy.textContent = copy.getAttribute("data-done");
        setTimeout(function () { copy.textContent = label; }, 2000);
      });
    });
  }
  // Count a view of this article: one empty request with no cookie and nothing about the
  // reader (pages come from caches, so the server cannot count them itself). A prerendered
  // page counts once it is shown, a page opened in a background tab once it is seen.
  var story = document.querySelector("article[data-article-id]");
  if (story && navigator.sendBeacon) {
    var counted = false;
    var count = function () {
      if (counted || document.prerendering || document.visibilityState !== "visible") return;
      counted = true;
      navigator.sendBeacon("/v/" + encodeURIComponent(story.getAttribute("data-article-id")));
    };
    document.addEventListener("prerenderingchange", count);
    document.addEventListener("visibilitychange", count);
    count();
  }

  // Most read: several lists become tabs (WAI-ARIA tabs pattern: arrow keys, Home and End
  // move between tabs and show their list; one tab stop).
  document.querySelectorAll(".most-read[data-tabs]").forEach(function (box) {
    var panels = Array.prototype.slice.call(box.querySelectorAll(".most-read-panel"));
    if (panels.length < 2) return;
    var tablist = document.createElement("div");
    tablist.className = "tabs";
    tablist.setAttribute("role", "tablist");
    tablist.setAttribute("aria-labelledby", box.getAttribute("aria-labelledby"));
    var tabs = panels.map(function (panel) {
      var heading = panel.querySelector(".most-read-window");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.id = panel.id + "-tab";
      tab.textContent = heading.textContent;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      heading.hidden = true;
      tablist.appendChild(tab);
      return tab;
    });
    var select = function (i) {
      tabs.forEach(function (tab, j) {
        tab.setAttribute("aria-selected", i === j ? "true" : "false");
        tab.tabIndex = i === j ? 0 : -1;
        panels[j].hidden = i !== j;
      });
    };
    tablist.addEventListener("click", function (e) {
      var tab = e.target.closest("[role='tab']");
      if (tab) select(tabs.indexOf(tab));
    });
    tablist.addEventListener("keydown", function (e) {
      var i = tabs.indexOf(document.activeElement);
      var n = tabs.length;
      var next = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
      if (i < 0 || next === undefined) return;
      e.preventDefault();
      select(next);
      tabs[next].focus();
    });
    box.insertBefore(tablist, panels[0]);
    select(0);
  });

  // Live search: results under the search box while typing (debounced; a newer request
  // cancels the older one). Arrow keys move through the results, Escape closes them.
  var form = document.querySelector("form.search");
  var input = form && form.querySelector("input[name='q']");
  if (form && input && window.fetch && window.AbortController && window.DOMParser) {
    var box = document.createElement("div");
    box.id = "live-results";
    box.className = "live-results";
    box.hidden = true;
    form.appendChild(box);
    form.classList.add("has-live");
    input.setAttribute("aria-controls", "live-results");
    var timer = null;
    var pending = null;
    var liveUrl = form.getAttribute("action") + "/live";
    var show = function (open) { box.hidden = !open; };
    var run = function () {
      var q = input.value.trim();
      if (pending) pending.abort();
      if (q.length < 2) { show(false); return; }
      pending = new AbortController();
      fetch(liveUrl + "?q=" + encodeURIComponent(q), { signal: pending.signal, headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          box.replaceChildren.apply(box, Array.prototype.slice.call(doc.body.childNodes));
          show(true);
        })
        .catch(function () { /* aborted or failed: the form still submits */ });
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 180);
    });
    var links = function () { return Array.prototype.slice.call(box.querySelectorAll("a")); };
    form.addEventListener("keydown", function (e) {
      if (box.hidden) return;
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown") {
        e.preventDefault();
        (all[i + 1] || all[0]).focus();
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (i <= 0) input.focus(); else all[i - 1].focus();
      } else if (e.key === "Escape") {
        show(false);
        input.focus();
      }
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) show(false);
    });
    input.addEventListener("focus", function () {
      if (box.childNodes.length && input.value.trim().length >= 2) show(true);
    });
  }
})();
