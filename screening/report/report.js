"use strict";
// The review page: reads the embedded JSON and renders one page of alerts at a time.
// Every piece of data goes in through textContent (never as HTML).
(function () {
  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var META = DATA.meta, ALERTS = DATA.alerts, ENTRIES = DATA.entries;
  var RANK = { BLOCK: 0, REVIEW: 1, CLEAR: 2, ERROR: 3 };
  var state = { page: 0, view: [] };

  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (k === "text") n.textContent = attrs[k];
        else if (k === "cls") n.className = attrs[k];
        else n.setAttribute(k, attrs[k]);
      }
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      n.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return n;
  }
  function fmt(n) { return Number(n).toLocaleString("en"); }
  function score(s) { return (s === null || s === undefined) ? "" : Number(s).toFixed(2); }
  function marked(segments) {
    var span = el("span");
    segments.forEach(function (s) {
      span.appendChild(s[1] ? el("mark", { text: s[0] }) : document.createTextNode(s[0]));
    });
    return span;
  }
  function category(a) { return a.decision === "CLEAR" ? "SUPPRESSED" : a.decision; }
  function effScore(a) {
    var s = a.score || 0;
    a.suppressed.forEach(function (h) { if (h.score > s) s = h.score; });
    return s;
  }
  ALERTS.forEach(function (a) {
    a._score = effScore(a);
    var words = [a.id || "", String(a.row)];
    for (var k in a.record) words.push(a.record[k]);
    a.hits.concat(a.suppressed).forEach(function (h) {
      words.push(h.query, h.name, h.matched, h.list + ":" + h.entity);
    });
    a._text = words.join("\n").toLowerCase();
  });

  // -- summary ------------------------------------------------------------------------------
  function summary() {
    var box = document.getElementById("summary");
    var c = META.counts || {};
    var facts = el("table", { cls: "facts" }, [
      el("tr", null, [el("th", { text: "File" }), el("td", { text: META.file + " (" + META.kind + ")" })]),
      el("tr", null, [el("th", { text: "Rows screened" }), el("td", { text: fmt(META.rows) })]),
      el("tr", null, [el("th", { text: "Date screened as of" }),
        el("td", { text: META.as_of ? META.as_of : "each row's own date" })]),
      el("tr", null, [el("th", { text: "Report generated" }), el("td", { text: META.generated })]),
      el("tr", null, [el("th", { text: "Rules" }), el("td", { text: String(META.rules) })]),
    ]);
    if (META.decisions) {
      var d = META.decisions;
      facts.appendChild(el("tr", null, [el("th", { text: "Analysts' decisions" }), el("td", {
        text: fmt(d.in_force) + " in force from " + d.source + " (expiry checked on " + d.today + ")" +
          (d.require_approval ? "; four-eyes: only approved false positives apply" : "")
      })]));
    }
    var counts = el("table", { cls: "counts", id: "counts" }, [
      el("tr", null, ["BLOCK", "REVIEW", "CLEAR", "ERROR"].map(function (k) { return el("th", { text: k }); })),
      el("tr", null, ["BLOCK", "REVIEW", "CLEAR", "ERROR"].map(function (k) {
        return el("td", { text: fmt(c[k] || 0), "data-decision": k });
      })),
    ]);
    var lists = el("table", { cls: "lists" }, [el("tr", null, ["List", "Authority", "Entries", "Version", "Title"]
      .map(function (k) { return el("th", { text: k }); }))]);
    META.lists.forEach(function (l) {
      lists.appendChild(el("tr", null, [l.id, l.authority, fmt(l.entries), l.version, l.title]
        .map(function (v) { return el("td", { text: String(v) }); })));
    });
    box.appendChild(facts);
    box.appendChild(el("h3", { text: "Rows per decision" }));
    box.appendChild(counts);
    box.appendChild(el("h3", { text: "Lists" }));
    box.appendChild(lists);
    if ((c.ERROR || 0) > 0) {
      var errs = el("ul", { cls: "errors" });
      (META.errors || []).forEach(function (e) { errs.appendChild(el("li", { text: e })); });
      box.appendChild(el("h3", { text: "Rows that could not be read (" + fmt(c.ERROR) + "): never CLEAR, see the results file" }));
      box.appendChild(errs);
    }
    if (META.dropped) {
      box.appendChild(el("p", { cls: "decision-note", text: "This report holds the first " +
        fmt(ALERTS.length) + " alert rows; " + fmt(META.dropped) + " more are in the results file only." }));
    }
    var n = { BLOCK: 0, REVIEW: 0, SUPPRESSED: 0 };
    ALERTS.forEach(function (a) { n[category(a)] = (n[category(a)] || 0) + 1; });
    document.getElementById("n-block").textContent = "(" + fmt(n.BLOCK) + ")";
    document.getElementById("n-review").textContent = "(" + fmt(n.REVIEW) + ")";
    document.getElementById("n-suppressed").textContent = "(" + fmt(n.SUPPRESSED) + ")";
  }

  // -- one alert ------------------------------------------------------------------------------
  function measureText(m) {
    var s = m.type + " (" + m.authority + (m.program ? ", " + m.program : "") + ")";
    if (m.from) s += ", from " + m.from + (m.basis && m.basis !== "effective" ? " (" + m.basis + ")" : "");
    else if (m.announced) s += ", announced " + m.announced;
    else s += ", start date not published";
    if (m.to) s += ", until " + m.to;
    if (m.delisted) s += ", delisted " + m.delisted;
    return s;
  }
  function entryBox(h) {
    var e = ENTRIES[h.list + ":" + h.entity];
    var box = el("div", { cls: "entry" }, [
      el("h3", { text: "List entry" }),
      el("div", null, [el("strong", { text: h.name }), " ",
        el("span", { cls: "muted", text: h.list + ":" + h.entity + (e ? " · " + e.kind : "") })]),
      el("div", null, [h.type === "identifier" ? "identifier " : "matched name ", marked(h.hl),
        h.name_strength ? el("span", { cls: "muted", text: " (" + h.name_strength + " name)" }) : null]),
      el("div", { cls: "muted", text: "list version " + h.version }),
    ]);
    if (!e) return box;
    if (e.names.length > 1) {
      var names = el("ul");
      e.names.forEach(function (n) { names.appendChild(el("li", { text: n[0] + " (" + n[1] + ")" })); });
      if (e.more_names) names.appendChild(el("li", { text: "... and " + e.more_names + " more" }));
      box.appendChild(el("details", null, [el("summary", { text: e.names.length + e.more_names + " names" }), names]));
    }
    if (e.ids.length) {
      box.appendChild(el("div", { text: "Identifiers: " + e.ids.map(function (i) {
        return i[0] + " " + i[1] + (i[2] ? " (" + i[2] + ")" : "");
      }).join("; ") }));
    }
    var ms = el("ul", { cls: "measures" });
    (e.measures.length ? e.measures : [{ type: "listed", authority: "measure not published" }])
      .forEach(function (m) {
        ms.appendChild(el("li", null, [measureText(m), m.source ? el("div", { cls: "muted", text: "source: " + m.source }) : null]));
      });
    box.appendChild(el("div", null, [el("span", { text: "Measures:" }), ms]));
    return box;
  }
  function partyBox(h) {
    return el("div", { cls: "party" }, [
      el("h3", { text: "Record party" }),
      el("div", null, [el("span", { cls: "muted", text: h.field + " (" + h.role + "): " }), marked(h.qhl)]),
      el("div", null, [el("span", { cls: "score", text: score(h.score) }), " ",
        el("span", { cls: "badge " + h.strength, text: h.strength }), " ",
        el("span", { cls: "muted", text: h.type + " match" })]),
      el("div", { cls: "muted", text: h.explanation }),
    ]);
  }
  function reasonBox(r) {
    var bits = [el("span", { cls: "badge " + r.outcome, text: r.outcome }), " rule ", el("strong", { text: r.rule }),
      r.description ? ": " + r.description : ""];
    var div = el("div", { cls: "reason " + r.outcome }, [el("div", null, bits)]);
    if (r.measure) {
      div.appendChild(el("div", { text: "measure " + r.measure + " by " + r.authority +
        (r.from ? ", " + (r.basis || "from") + " " + r.from : "") + (r.to ? ", until " + r.to : "") }));
    }
    if (r.legal_basis) div.appendChild(el("div", { cls: "muted", text: "legal basis: " + r.legal_basis }));
    if (r.source) div.appendChild(el("div", { cls: "muted", text: "source: " + r.source }));
    div.appendChild(el("details", null, [el("summary", { text: "full explanation" }), el("div", { text: r.text })]));
    return div;
  }
  // notes on analysts' decisions about this hit (lapsed, pending, other value, true match)
  function decisionNotes(a, h) {
    var who = h.field + " " + JSON.stringify(h.query).slice(1, -1);
    var entry = "~ " + h.list + ":" + h.entity + " (";
    return a.notes.filter(function (n) {
      return n.indexOf(entry) > 0 && n.indexOf(" decision D") > 0 && n.indexOf(h.field + " ") === 0 &&
        (n.indexOf(who) === 0 || n.indexOf(h.query) > 0);
    });
  }
  function hitBox(a, h, suppressed) {
    var why = el("div", { cls: "why" });
    if (suppressed) {
      why.appendChild(el("div", { cls: "decision-note", text: "Suppressed by decision " + h.decision_id +
        ": false positive according to " + h.analyst + " on " + String(h.decided_at).slice(0, 10) +
        " (" + h.reason + ")" + (h.expires ? "; expires " + h.expires : "") }));
    } else {
      var rs = a.reasons.filter(function (r) {
        return r.list === h.list && r.entity === h.entity && r.role === h.role;
      });
      decisionNotes(a, h).forEach(function (n) {
        why.appendChild(el("div", { cls: "decision-note on-hit", text: n }));
      });
      if (rs.length) rs.forEach(function (r) { why.appendChild(reasonBox(r)); });
      else why.appendChild(el("div", { cls: "muted", text: "No rule applied to this hit (see the notes)." }));
    }
    return el("div", { cls: "hit" + (suppressed ? " suppressed" : "") }, [partyBox(h), entryBox(h), why]);
  }
  function alertBox(a) {
    var li = el("li", { cls: "alert " + a.decision, "data-row": String(a.row), "data-decision": a.decision });
    li.appendChild(el("div", { cls: "alert-head" }, [
      el("span", { cls: "badge " + a.decision, text: a.decision === "CLEAR" ? "CLEARED BY DECISIONS" : a.decision }),
      el("h2", { text: "Row " + a.row + (a.id ? " · record " + a.id : "") }),
      el("span", null, ["best score ", el("span", { cls: "score", text: score(a._score) })]),
      el("span", { cls: "muted", text: "line " + a.line + (a.date ? " · dated " + a.date : "") + (a.as_of ? " · screened as of " + a.as_of : "") }),
    ]));
    var rec = el("div", { cls: "record" });
    var hitFields = {};
    a.hits.forEach(function (h) { hitFields[h.field] = true; });
    Object.keys(a.record).forEach(function (k) {
      rec.appendChild(el("div", { cls: "kv" + (hitFields[k] ? " hit-field" : "") },
        [el("span", { cls: "k", text: k }), el("span", { cls: "v", text: a.record[k] })]));
    });
    li.appendChild(el("details", { open: "" }, [el("summary", { text: "Record" }), rec]));
    a.hits.forEach(function (h, i) {
      var box = hitBox(a, h, false);
      if (a.hits.length > 1) {
        box.insertBefore(el("div", { cls: "hit-no muted", text: "hit " + (i + 1) + " of " + a.hits.length +
          " (review_hits number)" }), box.firstChild);
      }
      li.appendChild(box);
    });
    var other = a.reasons.filter(function (r) { return !r.entity; });
    if (other.length) {
      li.appendChild(el("h3", { text: "Other reasons" }));
      other.forEach(function (r) { li.appendChild(reasonBox(r)); });
    }
    if (a.suppressed.length) {
      var sec = el("section", { cls: "suppressed-hits" }, [el("h3", { text: "Suppressed by analysts' decisions (" + a.suppressed.length + ")" })]);
      a.suppressed.forEach(function (h) { sec.appendChild(hitBox(a, h, true)); });
      li.appendChild(sec);
    }
    if (a.notes.length) {
      var ul = el("ul", { cls: "notes" });
      a.notes.forEach(function (n) { ul.appendChild(el("li", { text: n })); });
      li.appendChild(el("details", { open: "" }, [el("summary", { text: "Notes (" + a.notes.length + ")" }), ul]));
    }
    return li;
  }

  // -- filter, sort, page -------------------------------------------------------------------------
  function val(id) { return document.getElementById(id); }
  function refresh(keepPage) {
    var want = { BLOCK: val("f-block").checked, REVIEW: val("f-review").checked, SUPPRESSED: val("f-suppressed").checked };
    var min = parseFloat(val("f-score").value) || 0;
    var text = val("f-text").value.trim().toLowerCase();
    var view = ALERTS.filter(function (a) {
      return want[category(a)] && a._score >= min - 1e-9 && (!text || a._text.indexOf(text) >= 0);
    });
    var sort = val("f-sort").value;
    view.sort(function (x, y) {
      if (sort === "row") return x.row - y.row;
      if (sort === "decision" && RANK[x.decision] !== RANK[y.decision]) return RANK[x.decision] - RANK[y.decision];
      return (y._score - x._score) || (x.row - y.row);
    });
    state.view = view;
    if (!keepPage) state.page = 0;
    render();
  }
  function pageSize() { return parseInt(val("f-size").value, 10) || 50; }
  function pager(box, pages) {
    box.textContent = "";
    if (pages <= 1) return;
    function btn(label, page, disabled) {
      var b = el("button", { type: "button", text: label });
      if (disabled) b.disabled = true;
      b.addEventListener("click", function () { state.page = page; render(); window.scrollTo(0, 0); });
      return b;
    }
    box.appendChild(btn("‹ previous", state.page - 1, state.page === 0));
    box.appendChild(el("span", { text: "page " + (state.page + 1) + " of " + pages }));
    box.appendChild(btn("next ›", state.page + 1, state.page >= pages - 1));
  }
  function render() {
    var size = pageSize(), total = state.view.length;
    var pages = Math.max(1, Math.ceil(total / size));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * size, items = state.view.slice(start, start + size);
    var list = val("alerts");
    list.textContent = "";
    list.setAttribute("data-total", String(total));
    var frag = document.createDocumentFragment();
    items.forEach(function (a) { frag.appendChild(alertBox(a)); });
    list.appendChild(frag);
    val("status").textContent = total
      ? "Showing " + fmt(start + 1) + "–" + fmt(start + items.length) + " of " + fmt(total) +
        " alert rows (" + fmt(ALERTS.length) + " in this report)"
      : "No alert rows match the filters (" + fmt(ALERTS.length) + " in this report).";
    pager(val("pager-top"), pages);
    pager(val("pager-bottom"), pages);
  }

  summary();
  ["f-block", "f-review", "f-suppressed", "f-sort", "f-size"].forEach(function (id) {
    val(id).addEventListener("change", function () { refresh(false); });
  });
  ["f-score", "f-text"].forEach(function (id) {
    val(id).addEventListener("input", function () { refresh(false); });
  });
  refresh(false);
})();
