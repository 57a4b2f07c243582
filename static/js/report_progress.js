/* While a quarterly report is being generated, look again every 10 seconds.
   The page is not reloaded while someone is typing in the request form, so nothing typed
   is lost; without JavaScript the "Check again" link does the same. */
(function () {
  "use strict";
  var form = document.getElementById("report-request");
  var busy = false;
  if (form) {
    form.addEventListener("input", function () { busy = true; });
  }
  window.setInterval(function () {
    var active = document.activeElement;
    if (busy || (form && active && form.contains(active))) {
      return;
    }
    window.location.reload();
  }, 10000);
})();
