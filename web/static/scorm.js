// SCORM runtime of the lesson page: window.API (SCORM 1.2) and
// window.API_1484_11 (SCORM 2004) for the SCO in the frame below.
//
// GetValue answers from the learner's record, loaded from the server when
// a SCO is launched. SetValue checks each value against the data-model
// table the server sends (data-elements: the same table scorm/ judges
// with, and the same type rules as scorm/types.go) and keeps it for the
// next commit. Commit and Finish/Terminate post the values synchronously:
// the standard's API is synchronous, and "true" may be answered only once
// the server says they are durable. The server checks every value again.
// The study time is not the SCO's to report: reader.js sends the page's
// heartbeats, and the server's clock decides.
(function () {
  "use strict";
  var root = document.getElementById("scorm");
  if (!root) return;
  var ds = root.dataset;
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.content : "";
  var v2004 = ds.version === "2004";
  var elems = JSON.parse(ds.elements);
  var nodes = JSON.parse(ds.nodes);
  var labels = JSON.parse(ds.labels || "{}");
  var frame = document.getElementById("sco-frame");
  var base = "/api/v1/scorm/" + ds.lesson + "/scos/";

  var NOT_INIT = 0, RUNNING = 1, DONE = 2;
  var state = NOT_INIT, values = {}, pending = [], lastError = 0;
  var current = -1, target = -1, switching = false, leaving = false;
  var session = "", seq = 0, lastReply = {};

  // ------------------------------------------------------------ types

  var re = {
    decimal: /^-?\d+(\.\d+)?$/, int: /^-?\d+$/,
    span12: /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/,
    time12: /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/,
    interval: /^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/,
    stamp: /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/,
    id12: /^[^\s]{1,255}$/, lang: /^$|^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/,
    lstr: /^\{lang=[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\}/, target: /^\{target=[^\s{}]+\}(choice|jump)$/
  };
  var OK = 0, WRONG = 1, RANGE = 2;
  var navRequests = ["continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_"];

  function chars(s) { return Array.from(s).length; }
  function lengthOK(v, max) { return max > 0 && chars(v) > max ? WRONG : OK; }
  function oneOf(v, list) { return (list || []).indexOf(v) >= 0 ? OK : WRONG; }

  function number(v, rx, e) {
    if (!rx.test(v)) return WRONG;
    var x = parseFloat(v);
    if (e.lo !== undefined && x < e.lo || e.hi !== undefined && x > e.hi) return RANGE;
    return OK;
  }

  // checkType is scorm/types.go's checkType.
  function checkType(e, v) {
    switch (e.t) {
      case "str": return lengthOK(v, e.n);
      case "lstr": return lengthOK(v.replace(re.lstr, ""), e.n);
      case "vocab": return oneOf(v, e.v);
      case "dec12": return v === "" && e.lo !== undefined ? OK : number(v, re.decimal, e);
      case "real": return number(v, re.decimal, e);
      case "int": return number(v, re.int, e);
      case "result": return oneOf(v, e.v) === OK ? OK : number(v, re.decimal, e);
      case "nav": return oneOf(v, navRequests) === OK || re.target.test(v) ? OK : WRONG;
      case "uri": return v === "" || /\s/.test(v) || chars(v) > 4000 ? WRONG : OK;
      case "interval": return re.interval.test(v) && v !== "P" && v.slice(-1) !== "T" ? OK : WRONG;
    }
    return re[e.t] && re[e.t].test(v) ? OK : WRONG;
  }

  // ------------------------------------------------------- data model

  var codes = v2004 ?
    { undefined: 401, keywordSet: 404, readOnly: 404, writeOnly: 405, typ: 406, rng: 407, dep: 408, notInit: 403,
      badIndexSet: 351, badIndexGet: 301, noChildren: 301, noCount: 301, emptyGet: 301, emptySet: 351 } :
    { undefined: 401, keywordSet: 402, readOnly: 403, writeOnly: 404, typ: 405, rng: 405, dep: 0, notInit: 0,
      badIndexSet: 201, badIndexGet: 201, noChildren: 202, noCount: 203, emptyGet: 201, emptySet: 201 };

  var children = {
    "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score._children": "raw,min,max",
    "cmi.objectives._children": v2004 ? "id,score,success_status,completion_status,progress_measure,description" : "id,score,status",
    "cmi.objectives.n.score._children": v2004 ? "scaled,raw,min,max" : "raw,min,max",
    "cmi.student_data._children": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference._children": "audio,language,speed,text",
    "cmi.interactions._children": v2004 ? "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description" :
      "id,objectives,time,type,correct_responses,weighting,student_response,result,latency",
    "cmi.comments_from_learner._children": "comment,location,timestamp",
    "cmi.comments_from_lms._children": "comment,location,timestamp",
    "cmi.learner_preference._children": "audio_level,language,delivery_speed,audio_captioning",
    "cmi.score._children": "scaled,raw,min,max"
  };

  // pattern is scorm/model.go's pattern: indexes become "n".
  function pattern(el) {
    var segs = el.split("."), prefixes = [];
    for (var i = 0; i < segs.length; i++) {
      if (/^\d+$/.test(segs[i])) { prefixes.push(segs.slice(0, i).join(".") + "."); segs[i] = "n"; }
    }
    return { p: segs.join("."), prefixes: prefixes };
  }

  function lookup(el) {
    var p = pattern(el).p;
    if (/^adl\.nav\.request_valid\.(choice|jump)\./.test(p)) p = p.slice(0, p.lastIndexOf("."));
    return { p: p, e: Object.prototype.hasOwnProperty.call(elems, p) ? elems[p] : null };
  }

  function count(prefix) {
    var n = 0;
    for (var k in values) {
      if (k.indexOf(prefix) !== 0) continue;
      var seg = k.slice(prefix.length).split(".")[0];
      if (/^\d+$/.test(seg) && +seg + 1 > n) n = +seg + 1;
    }
    return n;
  }

  function indexAt(el, pre) { return +el.slice(pre.length).split(".")[0]; }

  function keywordError(el) {
    var m = /^(.*)\.(_children|_count)$/.exec(el);
    if (m && lookup(m[1]).e) return m[2] === "_children" ? codes.noChildren : codes.noCount;
    return codes.undefined;
  }

  function navValid(el) {
    if (el === "adl.nav.request_valid.continue") return current >= 0 && next(current) >= 0 && ds.flow ? "true" : "false";
    if (el === "adl.nav.request_valid.previous") return current >= 0 && prev(current) >= 0 && ds.flow ? "true" : "false";
    var m = /\{target=([^}]+)\}$/.exec(el);
    return m && ds.choice && byIdentifier(m[1]) >= 0 ? "true" : "unknown";
  }

  function get(el) {
    if (el === "") return ["", codes.emptyGet];
    var l = lookup(el), e = l.e;
    if (!e) return ["", keywordError(el)];
    if (e.a === "wo") return ["", codes.writeOnly];
    if (e.t === "kw") return [l.p === "cmi._version" ? (v2004 ? "1.0" : "3.4") : children[l.p] || "", 0];
    if (e.t === "count") return [String(count(el.slice(0, -"_count".length))), 0];
    if (el.indexOf("adl.nav.request_valid.") === 0) return [navValid(el), 0];
    var pre = pattern(el).prefixes;
    for (var i = 0; i < pre.length; i++) if (indexAt(el, pre[i]) >= count(pre[i])) return ["", codes.badIndexGet];
    if (!Object.prototype.hasOwnProperty.call(values, el)) return ["", v2004 && el.indexOf("adl.") !== 0 ? codes.notInit : 0];
    return [values[el], 0];
  }

  function checkIndexes(el, p) {
    var pre = pattern(el).prefixes;
    for (var k = 0; k < pre.length; k++) {
      var i = indexAt(el, pre[k]), n = count(pre[k]);
      if (i > n) return codes.badIndexSet;
      if (i < n || !v2004 || p.indexOf("cmi.comments_from_learner.") === 0) continue;
      if (k < pre.length - 1 || !/\.n\.id$/.test(p) && !/\.n\.pattern$/.test(p)) return codes.dep;
    }
    return 0;
  }

  function checkDependency(el, p, v) {
    if (!v2004) return 0;
    if (/\.n\.id$/.test(p) && p !== "cmi.interactions.n.objectives.n.id") {
      if (Object.prototype.hasOwnProperty.call(values, el) && values[el] !== v) return 351;
      var prefix = el.slice(0, el.slice(0, -3).lastIndexOf(".") + 1), dots = el.split(".").length;
      for (var k in values) {
        if (values[k] === v && k !== el && k.indexOf(prefix) === 0 && /\.id$/.test(k) && k.split(".").length === dots) return 351;
      }
    }
    if (p.indexOf("cmi.interactions.n.correct_responses.n.") === 0) {
      var b = el.slice(0, el.indexOf(".correct_responses."));
      if (!values[b + ".type"]) return codes.dep;
    }
    return 0;
  }

  function set(el, v) {
    if (el === "") return codes.emptySet;
    var l = lookup(el), e = l.e;
    if (!e) return /\._(children|count|version)$/.test(el) && keywordError(el) !== codes.undefined ? codes.keywordSet : codes.undefined;
    if (e.t === "kw" || e.t === "count") return codes.keywordSet;
    if (e.a === "ro") return codes.readOnly;
    var c = checkIndexes(el, l.p);
    if (c) return c;
    var t = checkType(e, v);
    if (t === WRONG) return codes.typ;
    if (t === RANGE) return codes.rng;
    c = checkDependency(el, l.p, v);
    if (c) return c;
    values[el] = v;
    pending.push([el, v]);
    return 0;
  }

  // ------------------------------------------------------------ server

  function request(method, url, body) {
    var x = new XMLHttpRequest();
    x.open(method, url, false); // synchronous: the SCO waits for "true"
    x.setRequestHeader("X-CSRF-Token", token);
    if (body !== undefined) x.setRequestHeader("Content-Type", "application/json");
    x.send(body === undefined ? null : JSON.stringify(body));
    var out = null;
    try { out = JSON.parse(x.responseText); } catch (e) { out = null; }
    return { ok: x.status >= 200 && x.status < 300, body: out };
  }

  function newID() {
    var b = new Uint8Array(12);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }

  function message(text) {
    var el = document.getElementById("lesson-msg");
    if (el) el.textContent = text;
  }

  // commit posts the values set since the last confirmed commit; true
  // only once the server has them. While the page is being closed a
  // synchronous request is refused by the browser: the values then go with
  // keepalive (kept for the next request too, which the server orders by
  // seq), and the call reports failure since nothing confirmed them.
  function commit(finish) {
    var body = { values: pending, finish: !!finish, session: session, seq: ++seq };
    var url = base + nodes[current].id + "/commit";
    if (leaving) {
      send(url, body);
      return false;
    }
    var r;
    try { r = request("POST", url, body); } catch (e) {
      send(url, body);
      return false;
    }
    if (!r.ok) {
      message(r.body && r.body.error ? r.body.error.message : ds.msgFailed);
      return false;
    }
    pending = [];
    message("");
    lastReply = r.body;
    if (r.body.values) values = r.body.values;
    showOutline(r.body.outline);
    return true;
  }

  // viewed tells the server that content which never called the API was
  // shown and left: it is completed as an asset is.
  function viewed(keepalive) {
    var body = { values: [], viewed: true, session: session, seq: ++seq };
    var url = base + nodes[current].id + "/commit";
    if (keepalive) { send(url, body); return; }
    try {
      var r = request("POST", url, body);
      if (r.ok) showOutline(r.body.outline);
    } catch (e) { send(url, body); }
    state = DONE;
  }

  function send(url, body) {
    try {
      fetch(url, { method: "POST", keepalive: true, credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token }, body: JSON.stringify(body) });
    } catch (e) { /* the page is gone; what was committed before stays */ }
  }

  function showOutline(o) {
    if (!o || !o.nodes) return;
    nodes = o.nodes;
    nodes.forEach(function (n, i) {
      var li = document.querySelector('#sco-list li[data-node="' + i + '"] .sco-status');
      if (li && n.status) { li.textContent = labels[n.status] || n.status; li.dataset.status = n.status; }
    });
  }

  // --------------------------------------------------------------- API

  var errorText = {
    0: "No error", 101: "General exception", 102: "General initialization failure", 103: "Already initialized",
    104: "Content instance terminated", 111: "General termination failure", 112: "Termination before initialization",
    113: "Termination after termination", 122: "Retrieve data before initialization", 123: "Retrieve data after termination",
    132: "Store data before initialization", 133: "Store data after termination", 142: "Commit before initialization",
    143: "Commit after termination", 201: v2004 ? "General argument error" : "Invalid argument error",
    202: "Element cannot have children", 203: "Element not an array - cannot have count",
    301: v2004 ? "General get failure" : "Not initialized", 351: "General set failure", 391: "General commit failure",
    401: v2004 ? "Undefined data model element" : "Not implemented error",
    402: v2004 ? "Unimplemented data model element" : "Invalid set value, element is a keyword",
    403: v2004 ? "Data model element value not initialized" : "Element is read only",
    404: v2004 ? "Data model element is read only" : "Element is write only",
    405: v2004 ? "Data model element is write only" : "Incorrect data type",
    406: "Data model element type mismatch", 407: "Data model element value out of range",
    408: "Data model dependency not established"
  };

  // phase codes: [before Initialize, after Terminate] per call.
  var phase = v2004 ?
    { get: [122, 123], set: [132, 133], commit: [142, 143], finish: [112, 113] } :
    { get: [301, 101], set: [301, 101], commit: [301, 101], finish: [301, 101] };

  function running(call) {
    if (state === RUNNING) return true;
    lastError = phase[call][state === NOT_INIT ? 0 : 1];
    return false;
  }

  function initialize(arg) {
    if (arg !== "" && arg !== undefined && arg !== null) { lastError = 201; return "false"; }
    if (state === RUNNING) { lastError = v2004 ? 103 : 101; return "false"; }
    if (state === DONE && v2004) { lastError = 104; return "false"; }
    state = RUNNING;
    lastError = 0;
    return "true";
  }

  function finish(arg) {
    if (arg !== "" && arg !== undefined && arg !== null) { lastError = 201; return "false"; }
    if (!running("finish")) return "false";
    var ok = commit(true);
    state = DONE;
    lastError = ok ? 0 : (v2004 ? 391 : 101);
    // The server resolved the SCO's adl.nav.request against the tree.
    var to = ok && lastReply.next ? indexOf(lastReply.next) : -1;
    if (to >= 0) setTimeout(function () { go(to); }, 0);
    return ok ? "true" : "false";
  }

  function getValue(el) {
    if (!running("get")) return "";
    var r = get(String(el));
    lastError = r[1];
    return r[0];
  }

  function setValue(el, v) {
    if (!running("set")) return "false";
    lastError = set(String(el), String(v));
    return lastError === 0 ? "true" : "false";
  }

  function commitCall(arg) {
    if (arg !== "" && arg !== undefined && arg !== null) { lastError = 201; return "false"; }
    if (!running("commit")) return "false";
    var ok = commit(false);
    lastError = ok ? 0 : (v2004 ? 391 : 101);
    return ok ? "true" : "false";
  }

  function lastErr() { return String(lastError); }
  function errText(code) { return errorText[code === "" || code === undefined ? lastError : +code] || ""; }

  window.API = {
    LMSInitialize: initialize, LMSFinish: finish, LMSGetValue: getValue, LMSSetValue: setValue,
    LMSCommit: commitCall, LMSGetLastError: lastErr, LMSGetErrorString: errText, LMSGetDiagnostic: errText
  };
  window.API_1484_11 = {
    Initialize: initialize, Terminate: finish, GetValue: getValue, SetValue: setValue,
    Commit: commitCall, GetLastError: lastErr, GetErrorString: errText, GetDiagnostic: errText, version: "1.0"
  };
  if (v2004) delete window.API; else delete window.API_1484_11;

  // -------------------------------------------------------- sequencing

  function next(i) { for (var j = i + 1; j < nodes.length; j++) if (nodes[j].launch) return j; return -1; }
  function prev(i) { for (var j = i - 1; j >= 0; j--) if (nodes[j].launch) return j; return -1; }
  function byIdentifier(id) {
    for (var i = 0; i < nodes.length; i++) if (nodes[i].identifier === id && nodes[i].launch) return i;
    return -1;
  }

  function indexOf(id) {
    for (var i = 0; i < nodes.length; i++) if (nodes[i].id === id) return i;
    return -1;
  }

  // go shows another SCO: the frame is emptied first, so the one shown
  // unloads (and commits, through LMSFinish) before the next one starts.
  function go(i) {
    if (i < 0 || !nodes[i] || !nodes[i].launch) return;
    target = i;
    if (current >= 0) {
      switching = true;
      frame.src = "about:blank";
      return;
    }
    launch(i);
  }

  frame.addEventListener("load", function () {
    if (!switching) return;
    switching = false;
    if (state === RUNNING) finish(""); // a SCO that never called Finish
    else if (state === NOT_INIT) viewed(false);
    launch(target);
  });

  function launch(i) {
    var r = request("GET", base + nodes[i].id);
    if (!r.ok) { message(r.body && r.body.error ? r.body.error.message : ds.msgFailed); return; }
    values = r.body.values;
    pending = [];
    session = newID();
    seq = 0;
    state = NOT_INIT;
    lastError = 0;
    current = i;
    document.querySelectorAll("#sco-list li").forEach(function (li) {
      li.classList.toggle("current", +li.dataset.node === i);
    });
    document.getElementById("sco-prev").disabled = !ds.flow || prev(i) < 0;
    document.getElementById("sco-next").disabled = !ds.flow || next(i) < 0;
    frame.src = r.body.url;
  }

  document.getElementById("sco-list").addEventListener("click", function (ev) {
    var b = ev.target.closest(".sco-link");
    if (b && ds.choice) go(+b.dataset.node);
  });
  document.getElementById("sco-prev").addEventListener("click", function () { go(prev(current)); });
  document.getElementById("sco-next").addEventListener("click", function () { go(next(current)); });
  window.addEventListener("pagehide", function () {
    // The SCO's own unload handler still runs after this and usually calls
    // Finish; what it set before is sent now, kept alive past the page.
    leaving = true;
    if (state === NOT_INIT && current >= 0) viewed(true);
    if (state === RUNNING && pending.length) {
      send(base + nodes[current].id + "/commit", { values: pending, finish: false, session: session, seq: ++seq });
    }
  });
  go(+ds.start);
})();
