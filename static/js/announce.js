/* Samskab: tells screen readers about new items in batches ("3 new ideas"), through the page's
 * one polite live region (#notices), instead of making a list a live region that reads every new
 * idea in full. A list opts in with data-announce-one / data-announce-many ("{count} new ideas");
 * only items that arrive at its top count (a "show older" page loaded at the end does not).
 * No dependencies; realtime.js inserts the items, this only watches.
 */
(function () {
  "use strict";

  var QUIET_MS = 2000;
  var pending = new Map(); // list element -> number of new items waiting to be told
  var timer = null;

  function known(list) {
    if (!list._announceKnown) {
      list._announceKnown = new Set(Array.from(list.children).map(function (item) { return item.id; }));
    }
    return list._announceKnown;
  }

  function tell() {
    timer = null;
    var region = document.getElementById("notices");
    pending.forEach(function (count, list) {
      if (!region || !count) return;
      var text = count === 1 ? list.dataset.announceOne : list.dataset.announceMany.replace("{count}", count);
      var line = document.createElement("p");
      line.className = "visually-hidden";
      line.textContent = text;
      region.append(line);
      setTimeout(function () { line.remove(); }, 8000);
    });
    pending.clear();
  }

  function watch(list) {
    var seen = known(list);
    new MutationObserver(function (records) {
      var added = 0;
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1 || !node.id || seen.has(node.id)) return;
          // New only if nothing already known stands before it: an older page appended at the end is not news.
          var before = node.previousElementSibling;
          while (before && !seen.has(before.id)) before = before.previousElementSibling;
          seen.add(node.id);
          if (!before) added += 1;
        });
      });
      if (!added) return;
      pending.set(list, (pending.get(list) || 0) + added);
      clearTimeout(timer);
      timer = setTimeout(tell, QUIET_MS);
    }).observe(list, { childList: true });
  }

  function start(root) {
    root.querySelectorAll("[data-announce-many]").forEach(function (list) {
      if (!list._announceWatched) { list._announceWatched = true; watch(list); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    start(document);
    // A phase change replaces the whole screen: watch the lists it brings.
    new MutationObserver(function () { start(document); }).observe(document.body, { childList: true, subtree: true });
  });
})();
