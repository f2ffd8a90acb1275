// Behaviour that pages ask for with data attributes, so that no page needs an inline script or
// an on* attribute (the Content Security Policy allows scripts from our static files only):
//   <form data-confirm="Question?">      asks before submitting;
//   <select data-autosubmit>             submits its form when changed;
//   <el data-left="12.5" data-width="30"> positions a roadmap bar (percent of the axis).
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form instanceof HTMLFormElement && form.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  // Roadmap bars and year marks: set through the CSS object model, which the policy allows, where
  // a style="" attribute would be refused.
  function position(root) {
    root.querySelectorAll(".roadmap [data-left]").forEach(function (el) {
      el.style.left = el.dataset.left + "%";
      if (el.dataset.width) el.style.width = el.dataset.width + "%";
    });
  }
  position(document);
  document.addEventListener("htmx:afterSwap", function (event) { position(event.target); });
})();
