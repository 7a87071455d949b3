// szkg's query page on top of YASGUI (see graph/query/ui.py): completers fed by the ontology,
// the saved questions with their parameters, entity links to /entity/<id>, and a bar chart.
// Nothing here reaches past this server: the page's Content-Security-Policy would refuse it.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("szkg-config").textContent);
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;
  var endpoint = new URL(config.endpoint, window.location.href).href;

  // ------------------------------------------------------------ completion, from the ontology
  // YASQE's own prefix, class and property completers ask services on the web; these answer
  // from the lists the server made from szkg's ontology and its own queries.
  var prefixDecls = Object.keys(config.prefixes).sort().map(function (p) {
    return p + ": <" + config.prefixes[p] + ">";
  });
  Yasqe.forkAutocompleter("prefixes", { name: "szkgPrefixes", get: prefixDecls, persistenceId: null });
  // a prefixed name is completed with the predeclared prefixes too, not only those the text declares
  function knownPrefixes(yasqe) { return Object.assign({}, config.prefixes, yasqe.getPrefixesFromQuery()); }
  function expandToken(yasqe, token) {
    var text = token.string.trim();
    token.autocompletionString = text;
    if (text.charAt(0) === "<") {
      token.autocompletionString = text.slice(1).replace(/>$/, "");
      return token;
    }
    var colon = text.indexOf(":");
    var namespace = colon >= 0 ? knownPrefixes(yasqe)[text.slice(0, colon)] : undefined;
    if (namespace !== undefined) {
      token.tokenPrefix = text.slice(0, colon + 1);
      token.tokenPrefixUri = namespace;
      token.autocompletionString = namespace + text.slice(colon + 1);
    }
    return token;
  }
  function shortenSuggestion(yasqe, token, suggestion) {
    if (token.tokenPrefix && token.tokenPrefixUri && suggestion.indexOf(token.tokenPrefixUri) === 0) {
      return token.tokenPrefix + suggestion.slice(token.tokenPrefixUri.length);
    }
    return "<" + suggestion + ">";
  }
  [["class", "szkgClasses", config.classes], ["property", "szkgProperties", config.properties]].forEach(function (c) {
    Yasqe.forkAutocompleter(c[0], { name: c[1], bulk: true, get: c[2], persistenceId: null,
                                    preProcessToken: expandToken, postProcessSuggestion: shortenSuggestion });
  });
  Yasqe.defaults.autocompleters = ["variables", "szkgPrefixes", "szkgClasses", "szkgProperties"];
  Yasqe.defaults.prefixCcApi = null;

  // ------------------------------------------------------------ a bar chart of a numeric column
  var NUMERIC = /#(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|positiveInteger|unsignedInt|unsignedLong|gYear)$/;

  function shortIri(value) {
    for (var p in config.prefixes) {
      if (value.indexOf(config.prefixes[p]) === 0) return p + ":" + value.slice(config.prefixes[p].length);
    }
    return value;
  }

  function chartColumns(results) {
    if (!results || !results.getBindings) return null;
    var bindings = results.getBindings() || [];
    var vars = results.getVariables() || [];
    if (!bindings.length) return null;
    var numeric = vars.filter(function (v) {
      return bindings.every(function (b) { return !b[v] || (b[v].datatype && NUMERIC.test(b[v].datatype)); }) &&
        bindings.some(function (b) { return b[v]; });
    });
    if (!numeric.length) return null;
    var value = numeric[numeric.length - 1];
    var others = vars.filter(function (v) { return v !== value && numeric.indexOf(v) < 0; });
    var literal = others.filter(function (v) {  // a name reads better than an IRI
      return bindings.every(function (b) { return !b[v] || b[v].type !== "uri"; });
    });
    var label = literal[0] || others[0] || null;
    return { value: value, label: label, bindings: bindings };
  }

  function Chart(yasr) { this.yasr = yasr; }
  Chart.prototype.priority = 5;
  Chart.prototype.label = "Chart";
  Chart.prototype.canHandleResults = function () { return !!chartColumns(this.yasr.results); };
  Chart.prototype.getIcon = function () {
    var icon = document.createElement("span");
    icon.textContent = "▇";
    return icon;
  };
  Chart.prototype.draw = function () {
    var cols = chartColumns(this.yasr.results);
    var box = document.createElement("div");
    box.className = "szkg-chart";
    if (!cols) { box.textContent = "No numeric column to chart."; this.yasr.resultsEl.appendChild(box); return; }
    var rows = cols.bindings.slice(0, 60).map(function (b, i) {
      var term = cols.label && b[cols.label];
      var name = term ? (term.type === "uri" ? shortIri(term.value) : term.value) : String(i + 1);
      return { name: name, value: b[cols.value] ? Number(b[cols.value].value) : 0 };
    });
    var max = Math.max.apply(null, rows.map(function (r) { return Math.abs(r.value); }).concat([1e-9]));
    var title = document.createElement("p");
    title.className = "szkg-chart-title";
    title.textContent = "?" + cols.value + (cols.label ? " by ?" + cols.label : "") +
      (cols.bindings.length > rows.length ? " (first " + rows.length + " rows)" : "");
    box.appendChild(title);
    rows.forEach(function (r) {
      var row = document.createElement("div");
      row.className = "szkg-bar-row";
      var name = document.createElement("span");
      name.className = "szkg-bar-label";
      name.textContent = r.name;
      name.title = r.name;
      var track = document.createElement("span");
      track.className = "szkg-bar-track";
      var bar = document.createElement("span");
      bar.className = "szkg-bar";
      bar.style.width = (100 * Math.abs(r.value) / max).toFixed(2) + "%";
      track.appendChild(bar);
      var value = document.createElement("span");
      value.className = "szkg-bar-value";
      value.textContent = String(r.value);
      row.appendChild(name); row.appendChild(track); row.appendChild(value);
      box.appendChild(row);
    });
    this.yasr.resultsEl.appendChild(box);
  };
  Yasr.registerPlugin("chart", Chart);

  // ------------------------------------------------------------ the saved questions' parameters
  var select = document.getElementById("question");
  var form = document.getElementById("params");
  var runButton = document.getElementById("run-question");
  var description = document.getElementById("question-description");
  var current = null;  // the chosen saved question's name

  function paramArgs() {
    if (!current) return [];
    var args = [];
    form.querySelectorAll("input[data-param]").forEach(function (input) {
      if (input.value.trim() !== "") args.push({ name: "param", value: input.dataset.param + "=" + input.value });
    });
    return args;
  }

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    requestConfig: { endpoint: endpoint, method: "POST", args: [] },
    yasqe: { value: config.defaultQuery, prefixCcApi: null },
    yasr: { prefixes: config.prefixes, pluginOrder: ["table", "chart", "response"], defaultPlugin: "table" },
  });
  window.szkgYasgui = yasgui;  // for the browser tests and the curious

  // the tab sends the parameters with every query (YASQE's own run button included) while a
  // saved question is chosen; they are kept in step with the form
  function syncArgs() { yasgui.getTab().setRequestConfig({ args: paramArgs() }); }

  function hint(param) {
    if (param.kind === "entity") return "a name in any script" + (param.class ? " (a " + param.class + ")" : "");
    if (param.kind === "document") return "a document id or title";
    if (param.kind === "year") return "e.g. 1987";
    return param.kind;
  }

  function showQuestion(name) {
    current = name || null;
    form.textContent = "";
    description.textContent = "";
    runButton.hidden = !current;
    if (!current) { syncArgs(); return; }
    var question = config.questions[current];
    description.textContent = question.description;
    question.params.forEach(function (param) {
      var label = document.createElement("label");
      var caption = document.createElement("span");
      caption.textContent = param.name + (param.required ? " *" : "") + " ";
      var input = document.createElement("input");
      input.type = "text";
      input.name = "param-" + param.name;
      input.dataset.param = param.name;
      input.required = param.required;
      input.placeholder = hint(param);
      input.title = param.describe;
      if (param.default !== null) input.value = param.default;
      label.appendChild(caption);
      label.appendChild(input);
      form.appendChild(label);
    });
    yasgui.getTab().setQuery(question.text);
    syncArgs();
  }

  function runQuestion() {
    if (!form.reportValidity()) return;
    syncArgs();
    yasgui.getTab().query();
  }

  select.addEventListener("change", function () { showQuestion(select.value); });
  runButton.addEventListener("click", runQuestion);
  form.addEventListener("input", syncArgs);
  form.addEventListener("submit", function (event) { event.preventDefault(); runQuestion(); });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); runQuestion(); }
  });

  // ------------------------------------------------------------ entity IRIs → their cards
  function linkEntities(root) {
    root.querySelectorAll("a[href^='" + config.entity + "']").forEach(function (a) {
      var id = a.getAttribute("href").slice(config.entity.length);
      if (!id || /[\/?#]/.test(id)) return;
      a.setAttribute("href", "/entity/" + encodeURIComponent(id));
      a.setAttribute("target", "_self");
      a.removeAttribute("rel");
      a.classList.add("szkg-entity");
      a.title = "the entity's card";
    });
  }
  new MutationObserver(function () { linkEntities(document.getElementById("yasgui")); })
    .observe(document.getElementById("yasgui"), { childList: true, subtree: true });
})();
