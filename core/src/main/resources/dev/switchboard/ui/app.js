"use strict";
// The status page: polls /ui/status.json every two seconds and redraws. With API keys configured the JSON needs an
// "admin"-scoped key (asked for once, kept in this tab's sessionStorage) or the daemon's admin token.
(function () {
  var previous = null;

  function cell(row, text, cls, key) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    if (key) td.dataset.k = key;
    row.appendChild(td);
  }

  function ms(v) { return v === undefined || v === null ? "–" : v + " ms"; }

  function age(seconds) {
    if (seconds < 60) return seconds + " s";
    if (seconds < 3600) return Math.floor(seconds / 60) + " min";
    return Math.floor(seconds / 3600) + " h " + Math.floor(seconds % 3600 / 60) + " min";
  }

  function rate(server, now) {
    if (!previous) return "–";
    var before = previous.calls[server.name];
    var seconds = (now.at - previous.at) / 1000;
    return before === undefined || seconds <= 0 ? "–" : ((server.calls - before) / seconds).toFixed(2);
  }

  // A row with a name is updated in place, its buttons kept: a redraw that replaced the button under a held mouse
  // button would swallow the click (and the focus).
  function fill(id, rows, empty, draw) {
    var body = document.querySelector("#" + id + " tbody");
    if (rows.length === 0) {
      body.textContent = "";
      var tr = body.insertRow();
      cell(tr, empty, "empty");
      tr.firstChild.colSpan = 10;
      return;
    }
    var old = Object.create(null);
    Array.prototype.forEach.call(body.rows, function (tr) { if (tr.dataset.name) old[tr.dataset.name] = tr; });
    rows.forEach(function (r, i) {
      var fresh = document.createElement("tr");
      if (r.name || r.id) fresh.dataset.name = r.name || r.id;
      draw(fresh, r);
      var tr = old[fresh.dataset.name];
      if (tr && tr.cells.length === fresh.cells.length) {
        delete old[fresh.dataset.name];
        update(tr, fresh);
      } else {
        tr = fresh;
      }
      if (body.rows[i] !== tr) body.insertBefore(tr, body.rows[i] || null);
    });
    while (body.rows.length > rows.length) body.deleteRow(rows.length);
  }

  function update(tr, fresh) {
    Array.prototype.forEach.call(fresh.cells, function (td, i) {
      var kept = tr.cells[i];
      if (td.firstElementChild) return; // a cell with a control: the same for the same name
      kept.textContent = td.textContent;
      if (kept.className !== td.className) kept.className = td.className;
    });
  }

  function render(status) {
    var now = { at: Date.now(), calls: {} };
    document.getElementById("meta").textContent = "version " + status.version + " · up " + age(status.uptimeSeconds)
      + " · " + status.sessions.length + " session(s)";
    fill("servers", status.servers, "no servers configured", function (tr, s) {
      now.calls[s.name] = s.calls;
      cell(tr, s.name, null, "name");
      cell(tr, s.state + (s.error ? " — " + s.error : ""), "state-" + s.state, "state");
      cell(tr, s.sharing || "", null, "sharing");
      cell(tr, s.connections, "n", "connections");
      cell(tr, s.sessions, "n", "sessions");
      cell(tr, s.calls, "n", "calls");
      cell(tr, rate(s, now), "n", "rate");
      cell(tr, s.errors, "n", "errors");
      cell(tr, ms(s.p50Ms), "n", "p50");
      cell(tr, ms(s.p99Ms), "n", "p99");
      cell(tr, s.restarts, "n", "restarts");
      var td = document.createElement("td");
      td.appendChild(button("Restart", "restart " + s.name,
        "/ui/actions/restart?server=" + encodeURIComponent(s.name)));
      tr.appendChild(td);
    });
    fill("groups", status.groups || [], "no groups configured", function (tr, g) {
      now.calls[g.name] = g.calls;
      cell(tr, g.name, null, "name");
      cell(tr, g.state + (g.error ? " — " + g.error : ""), "state-" + g.state, "state");
      cell(tr, g.members.map(function (m) { return m.available ? m.name : m.name + " (out)"; }).join(", "), null,
        "members");
      cell(tr, g.sessions, "n", "sessions");
      cell(tr, g.calls, "n", "calls");
      cell(tr, rate(g, now), "n", "rate");
      cell(tr, g.errors, "n", "errors");
      cell(tr, ms(g.p50Ms), "n", "p50");
      cell(tr, ms(g.p99Ms), "n", "p99");
    });
    fill("sessions", status.sessions, "no open sessions", function (tr, s) {
      cell(tr, s.id, null, "id");
      cell(tr, s.server, null, "server");
      cell(tr, (s.client || "?") + (s.clientVersion ? " " + s.clientVersion : ""), null, "client");
      cell(tr, s.transport, null, "transport");
      cell(tr, s.era, null, "era");
      cell(tr, s.key, null, "key");
      cell(tr, age(s.ageSeconds), "n", "age");
      cell(tr, s.inFlight, "n", "inFlight");
    });
    fill("errors", status.recentErrors, "no failed requests", function (tr, e) {
      cell(tr, e.time.substring(11, 19), null, "time");
      cell(tr, e.server, null, "server");
      cell(tr, e.method, null, "method");
      cell(tr, e.tool, null, "tool");
      cell(tr, e.outcome, null, "outcome");
      cell(tr, e.code === undefined ? "" : e.code, "n", "code");
      cell(tr, e.message || "", null, "message");
      cell(tr, e.session, null, "session");
    });
    servers(status.servers);
    previous = now;
  }

  // The server picker for the log tail; its choice survives redraws.
  function servers(list) {
    var select = document.getElementById("log-server");
    var names = list.map(function (s) { return s.name; });
    if (select.options.length === names.length) return;
    select.textContent = "";
    names.forEach(function (n) { var o = document.createElement("option"); o.textContent = n; select.add(o); });
  }

  function button(label, what, path) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", function () { act(what, path, true); });
    return b;
  }

  // An action is a POST with the admin token or an "admin"-scoped key (asked for when refused, then retried once).
  function act(what, path, retry) {
    var secret = sessionStorage.getItem("switchboard.key") || "";
    fetch(path, { method: "POST", cache: "no-store",
      headers: { Authorization: "Bearer " + secret, "X-Switchboard-Admin": secret } }).then(function (r) {
      if ((r.status === 401 || r.status === 403) && retry) {
        var entered = window.prompt("Admin token, or an API key with the \"admin\" scope, to " + what + ":");
        if (entered) { sessionStorage.setItem("switchboard.key", entered); act(what, path, false); }
        return;
      }
      return r.text().then(function (body) {
        document.getElementById("action").textContent = what + ": " + outcome(r, body);
      });
    }, function (e) { document.getElementById("action").textContent = what + ": " + e.message; });
  }

  // A reload the daemon could not apply (say, a broken file) is answered 200 with "ok": false and the reason.
  function outcome(r, body) {
    if (!r.ok) return "HTTP " + r.status + " " + body;
    var answer = null;
    try { answer = JSON.parse(body); } catch (e) { answer = null; }
    return answer && answer.ok === false ? "failed — " + answer.error : "done";
  }

  function authHeaders() {
    var key = sessionStorage.getItem("switchboard.key");
    return key ? { Authorization: "Bearer " + key } : {};
  }

  function tail() {
    var server = document.getElementById("log-server").value;
    if (!server) return Promise.resolve();
    return fetch("/ui/logs?server=" + encodeURIComponent(server), { headers: authHeaders(), cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (log) {
        if (!log) return;
        var pre = document.getElementById("log");
        pre.textContent = log.lines.length ? log.lines.join("\n") : "(nothing on stderr yet)";
        pre.dataset.server = log.server;
      });
  }

  function problem(text) {
    var p = document.getElementById("problem");
    p.hidden = !text;
    p.textContent = text || "";
  }

  // A cancelled key prompt stops the polling (asking every two seconds would never let the user leave); the
  // problem line then offers to ask again.
  var waitingForKey = false;

  function poll() {
    fetch("/ui/status.json", { headers: authHeaders(), cache: "no-store" }).then(function (r) {
      if (r.status === 401 || r.status === 403) {
        var entered = window.prompt("API key with the \"admin\" scope:");
        if (entered) sessionStorage.setItem("switchboard.key", entered);
        else waitingForKey = true;
        throw new Error("this page needs an API key with the \"admin\" scope (HTTP " + r.status + ")");
      }
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (status) { problem(null); render(status); return tail(); }, function (e) { problem(e.message); })
      .catch(function (e) { problem(e.message); }) // a failed redraw or log tail must not end the polling
      .then(function () { if (waitingForKey) offerKey(); else setTimeout(poll, 2000); });
  }

  function offerKey() {
    var b = document.createElement("button");
    b.type = "button";
    b.id = "enter-key";
    b.textContent = "Enter key";
    b.addEventListener("click", function () { waitingForKey = false; problem(null); poll(); });
    document.getElementById("problem").append(" ", b);
  }

  document.getElementById("log-server").addEventListener("change", tail);
  document.getElementById("reload").addEventListener("click", function () {
    act("reload the configuration", "/ui/actions/reload", true);
  });
  poll();
})();
