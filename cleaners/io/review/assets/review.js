// copydesk review: the table of index.html, filled from the data chunks (data/index-NNNN.js).
//
// Each chunk is a script that pushes {chunk, columns, rows} onto window.copydeskIndex. The
// page loads chunk 0 with itself; this script shows its rows at once, then (once the page
// has loaded) loads the other chunks one after the other and updates the table as they come. Filters, sort order and
// page live in the address's #fragment, so going back from a document page keeps them.
// Every text from the data goes into the page as text (textContent), never as HTML.
// window.copydeskReview.firstRows and .complete are milliseconds since navigation started.
"use strict";

(function () {
  const PAGE_SIZE = 100;
  const COUNTED = ["removed", "repaired", "flagged"];
  const table = document.getElementById("documents");
  const body = table.querySelector("tbody");
  const form = document.getElementById("filters");
  const shown = document.getElementById("shown");
  const chunks = Number(table.dataset.chunks);
  const total = Number(table.dataset.total);
  const rows = [];
  const received = new Set();
  const state = { status: "", reason: "", language: "", site: "", q: "", sort: "id", page: 0 };
  const timing = (window.copydeskReview = { firstRows: null, complete: null, rows: 0 });
  let pending = null;
  let current = 0; // the page shown: state.page, or the last page while rows are still loading

  function sum(counts) {
    let n = 0;
    for (const key in counts) n += counts[key];
    return n;
  }

  function take(chunk) {
    if (received.has(chunk.chunk)) return;
    received.add(chunk.chunk);
    const columns = chunk.columns;
    for (const values of chunk.rows) {
      const row = {};
      columns.forEach((name, i) => { row[name] = values[i]; });
      for (const name of COUNTED) row[name + "Total"] = sum(row[name] || {});
      row.language = row.language || "-";
      row.search = [row.id, row.source, row.title || ""].join("\n").toLowerCase();
      rows.push(row);
    }
    timing.rows = rows.length;
  }

  // Chunks pushed before this script ran, then the ones it loads.
  (window.copydeskIndex || []).forEach(take);
  window.copydeskIndex = { push(chunk) { take(chunk); schedule(); } };

  function matches(row) {
    if (state.status && row.status !== state.status) return false;
    if (state.language && row.language !== state.language) return false;
    if (state.site && row.site !== state.site) return false;
    if (state.reason) {
      const r = state.reason;
      if (row.reason !== r && !COUNTED.some((name) => row[name] && r in row[name])) return false;
    }
    return !state.q || row.search.includes(state.q.toLowerCase());
  }

  function sortKey(row, key) {
    if (COUNTED.includes(key)) return row[key + "Total"];
    if (key === "title") return (row.title || row.id).toLowerCase();
    return row[key] == null ? "" : String(row[key]);
  }

  function sorted(list) {
    const descending = state.sort.startsWith("-");
    const key = descending ? state.sort.slice(1) : state.sort;
    if (key === "id" && !descending) return list; // the manifest's order
    const sign = descending ? -1 : 1;
    return list
      .map((row) => [sortKey(row, key), row])
      .sort((a, b) => (a[0] < b[0] ? -sign : a[0] > b[0] ? sign : 0))
      .map((pair) => pair[1]);
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function chip(reason, count) {
    const node = element("span", count === undefined ? reason : reason + " " + count, "chip");
    if (/^[a-z0-9-]+$/.test(reason)) node.classList.add("r-" + reason);
    node.dataset.reason = reason;
    return node;
  }

  function link(id) {
    const a = element("a", id);
    a.href = "docs/" + encodeURIComponent(id) + ".html";
    return a;
  }

  function countsCell(counts, totalCount) {
    const cell = element("td", null, "counts");
    cell.appendChild(element("strong", totalCount));
    for (const reason of Object.keys(counts || {}).sort()) {
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(chip(reason, counts[reason]));
    }
    return cell;
  }

  function tableRow(row) {
    const tr = document.createElement("tr");
    tr.dataset.id = row.id;
    const name = element("td", null, "document");
    const a = link(row.id);
    a.textContent = row.title || row.id;
    name.appendChild(a);
    name.appendChild(element("div", row.source, "source"));
    tr.appendChild(name);
    tr.appendChild(element("td", row.site, "site"));
    const status = element("td", null, "status-cell");
    status.appendChild(element("span", row.status, "status status-" + row.status));
    if (row.reason) {
      status.appendChild(document.createTextNode(" "));
      status.appendChild(chip(row.reason));
    }
    tr.appendChild(status);
    tr.appendChild(element("td", row.language, "language"));
    for (const name of COUNTED) tr.appendChild(countsCell(row[name], row[name + "Total"]));
    const owner = element("td", null, "duplicate-of");
    if (row.duplicate_of) owner.appendChild(link(row.duplicate_of));
    tr.appendChild(owner);
    return tr;
  }

  function render() {
    pending = null;
    const found = sorted(rows.filter(matches));
    const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
    current = Math.min(state.page, pages - 1);
    if (rows.length >= total) state.page = current;
    const first = current * PAGE_SIZE;
    const fragment = document.createDocumentFragment();
    for (const row of found.slice(first, first + PAGE_SIZE)) fragment.appendChild(tableRow(row));
    body.replaceChildren(fragment);
    const loading = rows.length < total ? " (" + rows.length + " of " + total + " loaded)" : "";
    shown.textContent = found.length + " of " + rows.length + " documents match" + loading + ".";
    document.getElementById("page").textContent = "page " + (current + 1) + " of " + pages;
    document.getElementById("previous").disabled = current === 0;
    document.getElementById("next").disabled = current >= pages - 1;
    for (const th of table.querySelectorAll("th[data-key]")) {
      const key = th.dataset.key;
      const sort = state.sort === key ? "ascending" : state.sort === "-" + key ? "descending" : "";
      if (sort) th.setAttribute("aria-sort", sort);
      else th.removeAttribute("aria-sort");
    }
    if (timing.firstRows === null) timing.firstRows = performance.now();
  }

  function schedule() {
    if (pending === null) pending = setTimeout(render, 150);
  }

  function saveState() {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(state)) {
      if (value && !(key === "sort" && value === "id")) params.set(key, String(value));
    }
    location.replace("#" + params.toString());
  }

  function readState() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const key of Object.keys(state)) {
      if (params.has(key)) state[key] = key === "page" ? Number(params.get(key)) || 0 : params.get(key);
    }
    for (const field of form.elements) {
      if (field.name in state) field.value = state[field.name];
    }
  }

  function filter(event) {
    const field = event.target;
    if (!(field.name in state) || state[field.name] === field.value) return;
    state[field.name] = field.value;
    state.page = 0;
    saveState();
    render();
  }
  form.addEventListener("change", filter); // a choice in a list
  form.addEventListener("input", filter); // each key in the text box
  form.addEventListener("submit", (event) => event.preventDefault());
  for (const th of table.querySelectorAll("th[data-key]")) {
    th.querySelector("button").addEventListener("click", () => {
      const key = th.dataset.key;
      state.sort = state.sort === key ? "-" + key : key;
      state.page = 0;
      saveState();
      render();
    });
  }
  document.getElementById("previous").addEventListener("click", () => {
    state.page = Math.max(0, current - 1);
    saveState();
    render();
  });
  document.getElementById("next").addEventListener("click", () => {
    state.page = current + 1;
    saveState();
    render();
  });

  function loadNext(number) {
    if (number >= chunks) {
      render();
      timing.complete = performance.now();
      document.documentElement.dataset.loaded = "all";
      return;
    }
    if (received.has(number)) {
      loadNext(number + 1);
      return;
    }
    const script = document.createElement("script");
    script.src = "data/index-" + String(number).padStart(4, "0") + ".js";
    script.onload = () => { script.remove(); loadNext(number + 1); };
    script.onerror = () => { shown.textContent = "Could not load " + script.src + "."; };
    document.body.appendChild(script);
  }

  readState();
  render();
  // The other chunks once the page has loaded: scripts added before would delay that.
  if (document.readyState === "complete") loadNext(0);
  else window.addEventListener("load", () => loadNext(0));
})();
