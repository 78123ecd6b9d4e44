/*
 * The clustering board on the facilitator's laptop: move ideas between themes by mouse (HTML5
 * drag and drop) or keyboard (Space picks a card up, arrows choose theme and place, Space
 * drops, Escape cancels). Both only fill in the card's own "Move to" form and submit it, so the
 * move travels like any other form (websocket, or a plain POST without one) and the server's
 * fragments redraw the columns on every screen.
 *
 * Also, for every page: <details> with an id stay open when the server replaces them.
 */
(function () {
  "use strict";

  // ---- open panels stay open across live updates --------------------------------------------

  var openDetails = new Set();
  var lastFocusId = null;
  document.addEventListener("toggle", function (event) {
    var el = event.target;
    if (!(el instanceof HTMLDetailsElement) || !el.id) return;
    if (el.open) openDetails.add(el.id); else openDetails.delete(el.id);
  }, true);
  document.addEventListener("focusin", function (event) {
    if (event.target.id) lastFocusId = event.target.id;
  });
  new MutationObserver(function () {
    openDetails.forEach(function (id) {
      var el = document.getElementById(id);
      if (el && !el.open) {
        el.open = true;
        var focus = lastFocusId && document.getElementById(lastFocusId);
        if (focus && el.contains(focus) && document.activeElement === document.body) focus.focus();
      }
    });
  }).observe(document.body, { childList: true, subtree: true });

  // ---- pages of a long list loaded on demand ("show more", htmx) ----------------------------

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function adopt(root) {
    if (!root || !root.querySelectorAll) return;
    // An item this screen got live meanwhile (an idea shown again) is not shown twice: the
    // copy that came with the page is in its place in the list.
    if (root.id) {
      document.querySelectorAll('[id="' + CSS.escape(root.id) + '"]').forEach(function (other) {
        if (other !== root) other.remove();
      });
    }
    // Its forms post like every other form on the page when there is no websocket.
    var token = csrfToken();
    var forms = root.matches("form[method=post]") ? [root] : Array.from(root.querySelectorAll("form[method=post]"));
    forms.forEach(function (form) {
      if (!token || form.querySelector("[name=csrfmiddlewaretoken]")) return;
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "csrfmiddlewaretoken"; input.value = token;
      form.prepend(input);
    });
  }
  document.addEventListener("htmx:load", function (event) { adopt(event.detail && event.detail.elt); });

  // ---- moving a card --------------------------------------------------------------------------

  function board() { return document.querySelector("[data-board].is-editable"); }
  function columns() { return Array.from(board().querySelectorAll(".board-column")); }
  function cardsOf(column, except) {
    return Array.from(column.querySelectorAll(".board-idea")).filter(function (c) { return c !== except; });
  }

  function move(card, column, position) {
    var form = card.querySelector("form[data-move-form]");
    if (!form) return;
    form.elements.theme_id.value = column.dataset.themeId || "";
    form.elements.position.value = String(position);
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  var marker = document.createElement("li");
  marker.className = "drop-marker";
  marker.setAttribute("aria-hidden", "true");

  function showMarker(column, position, except) {
    var list = column.querySelector(".board-ideas");
    var cards = cardsOf(column, except);
    list.insertBefore(marker, cards[position] || null);
  }

  function hideMarker() { marker.remove(); }

  // Mouse: HTML5 drag and drop.
  var dragged = null;

  function positionAt(column, y) {
    var cards = cardsOf(column, dragged);
    for (var i = 0; i < cards.length; i++) {
      var box = cards[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) return i;
    }
    return cards.length;
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".is-editable .board-idea");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.ideaId);
  });

  document.addEventListener("dragover", function (event) {
    var column = dragged && event.target.closest && event.target.closest(".board-column");
    if (!column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    showMarker(column, positionAt(column, event.clientY), dragged);
  });

  document.addEventListener("drop", function (event) {
    var column = dragged && event.target.closest && event.target.closest(".board-column");
    if (!column) return;
    event.preventDefault();
    var position = positionAt(column, event.clientY);
    var card = dragged;
    hideMarker();
    move(card, column, position);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    hideMarker();
  });

  // Keyboard: pick up, choose, drop.
  var grabbed = null; // { card, column index, position }

  function announce(text) {
    var live = document.getElementById("board-live");
    if (live) live.textContent = text;
  }

  function describe() {
    var column = columns()[grabbed.column];
    return (column.dataset.name || "") + " · " + (grabbed.position + 1);
  }

  function show() {
    var column = columns()[grabbed.column];
    grabbed.position = Math.max(0, Math.min(grabbed.position, cardsOf(column, grabbed.card).length));
    showMarker(column, grabbed.position, grabbed.card);
    announce(describe());
  }

  function release() {
    if (grabbed) grabbed.card.classList.remove("is-grabbed");
    grabbed = null;
    hideMarker();
  }

  document.addEventListener("keydown", function (event) {
    var card = event.target.classList && event.target.classList.contains("board-idea") && event.target;
    if (!card || !card.closest(".is-editable")) return;
    var key = event.key;
    if (!grabbed) {
      if (key !== " " && key !== "Enter") return;
      event.preventDefault();
      var all = columns();
      var here = all.indexOf(card.closest(".board-column"));
      grabbed = { card: card, column: here, position: cardsOf(all[here]).indexOf(card) };
      card.classList.add("is-grabbed");
      show();
      return;
    }
    if (grabbed.card !== card) {
      // The server redrew the board meanwhile: the same idea is still the one being moved.
      if (grabbed.card.dataset.ideaId === card.dataset.ideaId) grabbed.card = card; else release();
    }
    if (!grabbed) return;
    var count = columns().length;
    if (key === "ArrowRight" || key === "ArrowLeft") {
      grabbed.column = (grabbed.column + (key === "ArrowRight" ? 1 : count - 1)) % count;
      grabbed.position = cardsOf(columns()[grabbed.column], grabbed.card).length;
    } else if (key === "ArrowDown") {
      grabbed.position += 1;
    } else if (key === "ArrowUp") {
      grabbed.position -= 1;
    } else if (key === " " || key === "Enter") {
      event.preventDefault();
      var target = columns()[grabbed.column];
      var position = grabbed.position;
      release();
      move(card, target, position);
      return;
    } else if (key === "Escape") {
      release();
      announce("");
      return;
    } else {
      return;
    }
    event.preventDefault();
    show();
  });

  document.addEventListener("focusout", function (event) {
    if (!grabbed || event.target !== grabbed.card) return;
    // A live redraw moves focus to the same idea's new card: only leaving it lets go.
    setTimeout(function () {
      var now = document.activeElement;
      if (!grabbed) return;
      if (now && now.dataset && now.dataset.ideaId === grabbed.card.dataset.ideaId) grabbed.card = now;
      else release();
    }, 0);
  });
})();
