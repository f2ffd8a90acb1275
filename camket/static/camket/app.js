// Behaviour that pages ask for with data attributes, so that no page needs an inline script or
// an on* attribute (the Content Security Policy allows scripts from our static files only):
//   <form data-confirm="Question?">      asks before submitting;
//   <select data-autosubmit>             submits its form when changed;
//   <el data-left="12.5" data-width="30"> positions a roadmap bar (percent of the axis);
//   <select> in a form, with many options    becomes a search box (Tom Select) whose filter
//                                            folds Vietnamese diacritics ("han quoc" → Hàn Quốc).
(function () {
  "use strict";
  var script = document.currentScript;

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

  // Searchable pickers. A select with a dozen options or more (partners, agencies, sectors) gets
  // a search box; without the script, or for short lists, the plain select stays.
  var MANY = 12;
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u0111\u0110]/g, "d").toLowerCase();
  }
  function foldedScore(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    return function (item) {
      var text = fold(item.text);
      for (var i = 0; i < words.length; i++) if (text.indexOf(words[i]) < 0) return 0;
      return 1;
    };
  }
  function pickers(root) {
    if (typeof window.TomSelect !== "function") return;
    var noMatch = (script && script.dataset.noMatch) || "";
    var remove = (script && script.dataset.remove) || "";
    root.querySelectorAll("form select:not([data-autosubmit])").forEach(function (select) {
      if (select.tomselect || select.options.length < MANY) return;
      var picker = new window.TomSelect(select, {
        plugins: select.multiple ? { remove_button: { title: remove } } : {},
        maxOptions: null,
        // The list is filtered here, in the page: at once, on every key. Tom Select's default
        // waits 300 ms, and a click in that time lands on the unfiltered list, which is then
        // redrawn under the pointer: another option, or none, is picked.
        refreshThrottle: 0,
        hidePlaceholder: true,
        score: foldedScore,
        render: {
          no_results: function () {
            var div = document.createElement("div");
            div.className = "no-results";
            div.textContent = noMatch;
            return div;
          }
        }
      });
      // The label now names the search box; the hidden select keeps a name of its own, and
      // the combobox role already says that a list pops up (axe cannot check aria-haspopup
      // against a list that is not shown yet).
      var label = document.getElementById(picker.control_input.id.replace(/-ts-control$/, "-ts-label"));
      if (label) select.setAttribute("aria-label", label.textContent.trim());
      picker.control_input.removeAttribute("aria-haspopup");
    });
  }
  pickers(document);
  document.addEventListener("htmx:afterSwap", function (event) { pickers(event.target); });

  // A table wider than a narrow screen scrolls inside itself: it takes the keyboard focus so
  // that arrow keys can scroll it too.
  function scrollables() {
    document.querySelectorAll("table.list").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) table.setAttribute("tabindex", "0");
      else table.removeAttribute("tabindex");
    });
  }
  scrollables();
  window.addEventListener("resize", scrollables);

  // On a narrow screen the list comes first and its filters below it, folded: open one to use it.
  if (window.matchMedia && window.matchMedia("(max-width: 900px)").matches) {
    document.querySelectorAll(".facets details[open]").forEach(function (d) { d.open = false; });
  }

  // Header menus. <button class="navtoggle" aria-expanded> folds a menu on a narrow screen (CSS
  // hides the list it controls while aria-expanded is "false"); the groups are <details>, which the
  // keyboard already opens, and so is the account menu: one open at a time, Escape closes it (or
  // the fold) and gives the focus back, a click or the focus elsewhere closes it.
  document.querySelectorAll(".navtoggle").forEach(function (button) {
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", String(button.getAttribute("aria-expanded") !== "true"));
    });
  });
  var groups = Array.prototype.slice.call(document.querySelectorAll(".navgroup > details, details.account"));
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open) groups.forEach(function (other) { if (other !== group) other.open = false; });
    });
    group.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !group.contains(event.relatedTarget)) group.open = false;
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) { if (group.open && !group.contains(event.target)) group.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !(document.activeElement instanceof Element)) return;
    var group = document.activeElement.closest(".navgroup > details[open], details.account[open]");
    if (group) {
      group.open = false;
      group.querySelector("summary").focus();
      return;
    }
    var nav = document.activeElement.closest(".mainnav");
    var fold = nav && nav.querySelector('.navtoggle[aria-expanded="true"]');
    if (fold) {
      fold.setAttribute("aria-expanded", "false");
      fold.focus();
    }
  });

  // <el data-reload-after="3"> reloads the page after 3 s: the status line of a long run.
  var reload = document.querySelector("[data-reload-after]");
  if (reload) {
    var seconds = parseInt(reload.getAttribute("data-reload-after"), 10) || 5;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
})();
