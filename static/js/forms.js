/* After a failed submit, take the person to what went wrong.
   The page comes back with an error summary (role="alert"): focus moves to it, so a screen
   reader reads it out and the next Tab goes to its links. A page with errors beside the
   fields but no summary focuses the first field marked invalid. A link in the summary
   focuses its field, not just scrolls to it. Without JavaScript the summary is still read
   out as an alert and its links still jump to the fields. */
(function () {
  "use strict";

  function firstControl(target) {
    if (target.matches("input, select, textarea, button")) {
      return target;
    }
    return target.querySelector("input:not([type=hidden]), select, textarea") || target;
  }

  function onLoad() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) {
        summary.setAttribute("tabindex", "-1");
      }
      summary.focus();
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var target = link && document.getElementById(link.getAttribute("href").slice(1));
        if (!target) {
          return;
        }
        event.preventDefault();
        firstControl(target).focus();
      });
      return;
    }
    var invalid = document.querySelector("main [aria-invalid=true]");
    if (invalid) {
      invalid.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
