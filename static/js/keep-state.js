/* Samskab: a control the user has changed keeps its value when a live fragment replaces it.
 *
 * realtime.js swaps whole elements by id; it keeps typed drafts ([data-draft]) but a select,
 * a checkbox or an undrafted field would come back with the server's value, and a facilitator's
 * chosen "move to theme" was lost if a fragment arrived before they pressed Move. Here every
 * control changed by hand is remembered by id until its form is sent, and put back whenever a
 * new element with that id appears. No dependencies; loaded after realtime.js.
 */
(function () {
  "use strict";

  var changed = {}; // control id -> {value} or {checked}

  function remembered(control) {
    return control.id && control.form && !control.hasAttribute("data-draft") && control.type !== "hidden";
  }

  function remember(event) {
    var control = event.target;
    if (!remembered(control)) return;
    var isToggle = control.type === "checkbox" || control.type === "radio";
    changed[control.id] = isToggle ? { checked: control.checked } : { value: control.value };
  }

  function restore(root) {
    Object.keys(changed).forEach(function (id) {
      var control = document.getElementById(id);
      if (!control || (root !== document && !root.contains(control))) return;
      var state = changed[id];
      if ("checked" in state) control.checked = state.checked;
      else if (control.value !== state.value) control.value = state.value;
    });
  }

  document.addEventListener("input", remember, true);
  document.addEventListener("change", remember, true);
  // Once sent, the server's answer is the truth again.
  document.addEventListener("submit", function (event) {
    Array.from(event.target.elements || []).forEach(function (control) { delete changed[control.id]; });
  }, true);

  new MutationObserver(function (records) {
    if (!Object.keys(changed).length) return;
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) { if (node.nodeType === 1) restore(node); });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
