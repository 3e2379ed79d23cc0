/* Small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext !== false) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  /* "Copy" buttons beside permalinks and citations. */
  function enhanceCopy() {
    var status = document.querySelector("[data-copy-status]");
    var copied = (status && status.getAttribute("data-done")) || "Copied";
    document.querySelectorAll("[data-copyable]").forEach(function (source) {
      var row = document.createElement("div");
      row.className = "copy-row";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-secondary";
      button.textContent = source.getAttribute("data-copy-label") || "Copy";
      var done = document.createElement("span");
      done.className = "copy-done";
      done.setAttribute("aria-hidden", "true");
      row.appendChild(button);
      row.appendChild(done);
      source.insertAdjacentElement("afterend", row);
      button.addEventListener("click", function () {
        var text = "value" in source && source.tagName === "INPUT" ? source.value : source.textContent.trim();
        copyText(text).then(function () {
          done.textContent = "✓ " + copied;
          if (status) { status.textContent = copied + ": " + button.textContent; }
        }, function () {
          if (source.tagName === "INPUT") { source.focus(); source.select(); }
        });
      });
    });
  }

  /* Filters on a phone: the "Filter" link (to #filters) becomes a button that opens and closes
     the panel in place. On wider screens the panel is always shown and the button hidden. */
  function filterToggle() {
    var link = document.querySelector("a[data-filter-toggle]");
    var panel = document.getElementById("filters");
    if (!link || !panel) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.innerHTML = link.innerHTML;
    button.setAttribute("aria-controls", "filters");
    link.parentNode.replaceChild(button, link);
    if (window.location.hash === "#filters") {
      panel.classList.add("filter-panel-open");
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    function set(open) {
      panel.classList.toggle("filter-panel-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    set(panel.classList.contains("filter-panel-open"));
    button.addEventListener("click", function () {
      set(!panel.classList.contains("filter-panel-open"));
    });
    var hide = panel.querySelector("[data-filter-hide]");
    if (hide) {
      hide.addEventListener("click", function (event) {
        event.preventDefault();
        set(false);
        button.focus();
      });
    }
  }

  /* Clean addresses: leave empty fields out of the query string. */
  function dropEmptyFields() {
    document.querySelectorAll("form[data-drop-empty]").forEach(function (form) {
      form.addEventListener("submit", function () {
        Array.prototype.forEach.call(form.elements, function (field) {
          if (field.name && !field.disabled && field.value === "" && field.type !== "submit") {
            field.disabled = true;
          }
        });
        window.setTimeout(function () {
          Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
        }, 0);
      });
    });
  }

  /* Sorting applies as soon as an order is chosen; the button stays for those without JavaScript. */
  function autosubmitSort() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        var form = select.form;
        if (form) {
          if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        }
      });
    });
  }

  ready(function () {
    enhanceCopy();
    filterToggle();
    dropEmptyFields();
    autosubmitSort();
  });
})();
