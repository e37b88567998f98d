/* "Print this page" links: they need JavaScript, so they are shown only when it runs. */
(function () {
  "use strict";
  document.querySelectorAll("[data-app-print]").forEach(function (container) {
    container.hidden = false;
    container.querySelector("a").addEventListener("click", function (event) {
      event.preventDefault();
      window.print();
    });
  });
})();
