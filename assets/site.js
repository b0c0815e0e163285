/* Progressive enhancements: mega-menu disclosure, mobile menu, theme and text-size
   switches, copy-link. Everything works without this file. */
(function () {
  "use strict";
  var d = document.documentElement;

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
})();
