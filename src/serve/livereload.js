// spindel serve: reloads the page after a rebuild, swaps stylesheets after a CSS-only change,
// and shows build errors in an overlay. Served only by `spindel serve`, never published.
(function () {
  "use strict";
  var base = "/__spindel/";
  var known = null;
  var server = null;

  function overlay(errors, title, note_text) {
    var old = document.getElementById("spindel-overlay");
    if (old) old.remove();
    if (!errors || errors.length === 0) return;
    var box = document.createElement("section");
    box.id = "spindel-overlay";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "spindel-overlay-title");
    var h = document.createElement("h2");
    h.id = "spindel-overlay-title";
    h.textContent = title;
    box.appendChild(h);
    var note = document.createElement("p");
    note.textContent = note_text;
    box.appendChild(note);
    errors.forEach(function (e) {
      var pre = document.createElement("pre");
      pre.textContent = e.text; // textContent: nothing in an error is ever parsed as HTML
      box.appendChild(pre);
    });
    document.body.appendChild(box);
  }

  function swapStyles(generation) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    links.forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname.indexOf(base) === 0) return;
      url.searchParams.set("spindel", String(generation));
      link.href = url.toString();
    });
  }

  function apply(state) {
    if (server !== null && state.server !== server) {
      location.reload(); // the server restarted
      return;
    }
    server = state.server;
    if (known !== null && state.generation !== known) {
      if (state.errors.length === 0) {
        if (state.css_only) {
          swapStyles(state.generation);
        } else {
          location.reload();
          return;
        }
      }
    }
    known = state.generation;
    overlay(state.errors, state.title, state.note);
  }

  function poll() {
    var url = base + "wait" + (known === null ? "" : "?since=" + known);
    fetch(url, { cache: "no-store" })
      .then(function (r) {
        if (r.status === 204) return null;
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      })
      .then(function (state) {
        if (state) apply(state);
        poll();
      })
      .catch(function () {
        setTimeout(poll, 1000); // the server is restarting or gone: try again
      });
  }

  // Start after the page has loaded: a pending long poll can make the browser hold back
  // low-priority requests (a print stylesheet) and so delay the page's load event.
  if (document.readyState === "complete") {
    poll();
  } else {
    window.addEventListener("load", poll, { once: true });
  }
})();
