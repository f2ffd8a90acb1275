// Search-and-pick widgets ([data-picker]; boxes, or radio buttons for one pick): a ticked match moves into the chosen list, which no
// search answer replaces, so a tick made while an answer is on its way is never lost. An answer
// to a search sent before the tick may still list that commitment: it is dropped from the matches.
(function () {
  "use strict";

  function chosenValues(picker) {
    return new Set(
      Array.from(picker.querySelectorAll(".picker-chosen input"), (box) => box.value)
    );
  }

  function refresh(picker) {
    const ticked = picker.querySelectorAll(".picker-chosen input:checked").length;
    const count = picker.querySelector("[data-picker-count]");
    if (count) count.textContent = String(ticked);
    const none = picker.querySelector("[data-picker-none]");
    if (none) none.hidden = picker.querySelector(".picker-chosen li") !== null;
  }

  document.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement)) return;
    if (box.type !== "checkbox" && box.type !== "radio") return;
    const picker = box.closest("[data-picker]");
    if (!picker) return;
    const item = box.closest("li");
    const chosen = picker.querySelector(".picker-chosen .picks");
    if (box.checked && item && chosen && !chosen.contains(item)) chosen.append(item);
    if (box.type === "radio" && chosen) {
      // One pick (a radio button): the earlier pick, now unticked, leaves the chosen list.
      chosen.querySelectorAll("input[type=radio]:not(:checked)").forEach((other) => {
        other.closest("li").remove();
      });
    }
    refresh(picker);
  });

  // Enter in a text field presses the form's first submit button, which in a form with a
  // picker may be the picker's search: Enter there would search instead of sending. So Enter in
  // a field outside the pickers sends the form with its own button; in a picker's search box
  // it still searches.
  const TYPED = new Set(["text", "email", "tel", "url", "number", "date", "password", "search"]);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.defaultPrevented || event.isComposing) return;
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !TYPED.has(field.type)) return;
    const form = field.form;
    if (!form || field.closest("[data-picker]") || !form.querySelector("[data-picker]")) return;
    const send = Array.from(form.querySelectorAll("button[type=submit], input[type=submit]")).find(
      (button) => !button.closest("[data-picker]")
    );
    if (!send) return;
    event.preventDefault();
    form.requestSubmit(send);
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const picker = event.target.closest && event.target.closest("[data-picker]");
    if (!picker) return;
    const chosen = chosenValues(picker);
    picker.querySelectorAll(".picker-options input").forEach((box) => {
      if (chosen.has(box.value)) box.closest("li").remove();
    });
  });
})();
