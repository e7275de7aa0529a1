// The demo SCOs' talk with the LMS (SCORM 1.2): find the API in a parent
// window, start and finish the session, report the session time.
var sco = (function () {
  var api = null, started = new Date(), finished = false;
  for (var w = window, i = 0; w && i < 10; i++) {
    if (w.API) { api = w.API; break; }
    if (w.parent === w) break;
    w = w.parent;
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function span(ms) {
    var s = Math.floor(ms / 1000);
    return two(Math.floor(s / 3600)) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60);
  }
  return {
    start: function () {
      if (!api) return;
      api.LMSInitialize("");
      if (api.LMSGetValue("cmi.core.lesson_status") === "not attempted") {
        api.LMSSetValue("cmi.core.lesson_status", "incomplete");
      }
    },
    get: function (el) { return api ? api.LMSGetValue(el) : ""; },
    set: function (el, v) { return api ? api.LMSSetValue(el, String(v)) : "false"; },
    commit: function () { return api ? api.LMSCommit("") : "false"; },
    finish: function () {
      if (!api || finished) return;
      finished = true;
      api.LMSSetValue("cmi.core.session_time", span(new Date() - started));
      api.LMSSetValue("cmi.core.exit", "suspend");
      api.LMSFinish("");
    }
  };
})();
window.addEventListener("load", sco.start);
window.addEventListener("pagehide", sco.finish);
