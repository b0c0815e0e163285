/* Applies the reader's saved theme and text size before the page paints.
   Stored in localStorage only: no cookies. Dark mode follows the system unless chosen.
   Also marks the page "js" at once, so the CSS can lay out the controls that site.js
   (deferred) will switch on, and the page does not shift when it does. */
(function () {
  var d = document.documentElement;
  d.classList.add("js");
  try {
    var theme = localStorage.getItem("revista-theme");
    if (theme === "dark" || theme === "light") d.setAttribute("data-theme", theme);
    var size = parseInt(localStorage.getItem("revista-text-size") || "0", 10);
    if (size >= -2 && size <= 3 && size !== 0) d.setAttribute("data-text-size", String(size));
  } catch (e) { /* storage may be disabled */ }
})();
