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

  document.addEventListener("htmx:afterSwap", (event) => {
    const picker = event.target.closest && event.target.closest("[data-picker]");
    if (!picker) return;
    const chosen = chosenValues(picker);
    picker.querySelectorAll(".picker-options input").forEach((box) => {
      if (chosen.has(box.value)) box.closest("li").remove();
    });
  });
})();
