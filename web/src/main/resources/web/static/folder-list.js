// revkeep web UI: the folder browser's list of entries, for folders of any size. Loaded before
// browser.js on the browser page; plain JS, no build step.
//
// The server sorts (GET /api/files with offset, limit, q, sort: folders first, then names as
// people read them, the same order on every page), so the page never sorts. A folder of at most
// ALL_AT_ONCE entries is fetched whole and filtered here as the user types; a larger one is
// fetched a page at a time as it scrolls into view, and its filter asks the server (the first
// keystroke at once, the next ones of a burst once typing pauses). Only the rows on screen (and
// a few either side) are in the DOM: two spacer rows stand for the others, so the scroll bar is
// the whole folder's. Rows have one height (app.css), which makes a row's place a product.
'use strict';

const PAGE = 200;          // entries per request while scrolling
const ALL_AT_ONCE = 1000;  // at most this many: fetched whole, filtered in the page
const OVERSCAN = 20;       // rows rendered above and below the screen
const FILTER_PAUSE = 120;  // ms of quiet before a burst's last keystroke asks the server

// rowView(entry) → <tr>; url(params) → the listing URL; extras() → entries the listing lacks
// (new empty folders, which the store does not know), merged among the folders of a small one.
// All three set by browser.js.
const COLUMNS = 6;
const NAMES = new Intl.Collator(undefined, { numeric: true });
function folderList(tbody, rowView, url, extras = () => []) {
  let gen = 0;             // a new listing (folder, moment, sort, filter) discards older answers
  let total = 0;           // entries of the listing (those matching the filter)
  let rows = new Map();    // index → entry, this listing
  let stale = new Map();   // the previous listing's rows, shown until their page comes again
  let whole = null;        // the whole folder when small, in the server's order; else null
  let small = false;       // the folder had at most ALL_AT_ONCE entries when last listed whole
  let shown = null;        // whole, filtered here (null while the server filters)
  let serverQ = '';        // the filter the server applied to rows
  let q = '';              // the filter typed
  const loading = new Set();
  let rowHeight = 0;
  let firstRows = true;    // the page's first rows: measured once (performance 'revkeep:first-rows')
  let filterTimer = null, lastKey = 0, frame = 0;

  const count = () => shown ? shown.length : total;
  const entryAt = i => shown ? shown[i] : rows.has(i) ? rows.get(i) : stale.get(i);

  // The page's timings, for the browser tests and bench/run (performance.getEntriesByName):
  // 'revkeep:first-rows' from the navigation to the first rows painted (once), 'revkeep:filter'
  // from the latest answered keystroke (its event time) to its rows painted. A frame and a task
  // after the DOM change is when the browser has painted it.
  function measured(keyTime) {
    const painted = f => requestAnimationFrame(() => setTimeout(f));
    if (firstRows) {
      firstRows = false;
      painted(() => performance.measure('revkeep:first-rows', { start: 0, end: performance.now() }));
    }
    if (keyTime != null) {
      painted(() => {
        performance.clearMeasures('revkeep:filter');
        performance.measure('revkeep:filter', { start: keyTime, end: performance.now() });
      });
    }
  }

  async function fetchPage(offset, limit, g) {
    const data = await api('GET', url({ offset, limit, q: serverQ }));
    if (g !== gen) return null;
    total = data.total;
    data.entries.forEach((e, k) => rows.set(offset + k, e));
    return data;
  }

  // A new listing: the first page (or the whole folder) now, the rest as it comes into view.
  // keepRows: a refresh of the same listing (a live change, another moment): the rows on screen
  // stay until their page arrives again, so nothing flickers.
  // keyTime: the keystroke this listing answers (its event time), if it is the filter's.
  async function reload(keepRows, keyTime) {
    const g = ++gen;
    stale = new Map();
    if (keepRows) for (let i = 0, n = count(); i < n; i++) { const e = entryAt(i); if (e) stale.set(i, e); }
    rows = new Map(); loading.clear();
    serverQ = small ? '' : q;
    const first = await fetchPage(0, PAGE, g);
    if (!first) return;
    if (serverQ === '') small = first.total <= ALL_AT_ONCE;
    if (!small && serverQ !== q) return reload(keepRows, keyTime); // it grew: the server filters
    if (small) {
      if (first.total > PAGE && !(await fetchPage(PAGE, ALL_AT_ONCE - PAGE, g))) return;
      whole = withExtras([...Array(first.total).keys()].map(i => rows.get(i)));
      applyFilter();
    } else {
      whole = null; shown = null;
    }
    stale = new Map();
    render();
    measured(keyTime);
  }

  // the extra folders among the listing's folders (which come first), by name
  function withExtras(entries) {
    const have = new Set(entries.map(e => e.path));
    const more = extras().filter(e => !have.has(e.path));
    if (!more.length) return entries;
    const folders = entries.filter(e => e.type === 'dir').concat(more).sort((a, b) => NAMES.compare(a.name, b.name));
    return folders.concat(entries.filter(e => e.type !== 'dir'));
  }

  function applyFilter() {
    const needle = q.toLowerCase();
    shown = needle ? whole.filter(e => e.name.toLowerCase().includes(needle)) : whole;
  }

  // The filter as the user types: the key handler never waits for the server.
  function filter(text, eventTime) {
    q = text;
    if (small && whole !== null) { applyFilter(); render(); measured(eventTime); return; }
    clearTimeout(filterTimer);
    const now = performance.now();
    const quiet = now - lastKey > FILTER_PAUSE;
    lastKey = now;
    const ask = () => reload(false, eventTime).catch(err => message(err.message, true));
    if (quiet) ask(); else filterTimer = setTimeout(ask, FILTER_PAUSE); // at once, or at a pause
  }

  // Which rows the screen shows, from the table's place in the document.
  function windowRange() {
    const n = count();
    if (n <= PAGE) return [0, n];
    if (!rowHeight) return [0, 1]; // one row to measure, then the screen's (render)
    const top = tbody.getBoundingClientRect().top;
    const first = Math.floor(-top / rowHeight) - OVERSCAN;
    const last = Math.ceil((innerHeight - top) / rowHeight) + OVERSCAN;
    const start = Math.max(0, Math.min(first, n - 1)), end = Math.min(n, Math.max(last, 0));
    return [start, Math.max(start, end)];
  }

  function spacer(height) {
    const tr = el('tr', { class: 'spacer' }, el('td', { colSpan: COLUMNS }));
    tr.style.height = height + 'px';
    return tr;
  }

  function render() {
    const [start, end] = windowRange();
    const n = count();
    const out = [];
    if (start > 0) out.push(spacer(start * rowHeight));
    const missing = [];
    for (let i = start; i < end; i++) {
      const e = entryAt(i);
      if (e) out.push(rowView(e));
      else { out.push(el('tr', { class: 'placeholder' }, el('td', { colSpan: COLUMNS, text: '…' }))); missing.push(i); }
    }
    if (end < n) out.push(spacer((n - end) * rowHeight));
    // the keyboard's place survives a new rendering of the same rows
    const focused = tbody.contains(document.activeElement) ? document.activeElement : null;
    const focusRow = focused && focused.closest('tr[data-path]');
    const focusWhat = focused && (focused === focusRow ? 'row' : focused.matches('button') ? 'button' : 'a');
    tbody.replaceChildren(...out);
    if (focusRow) {
      const again = [...tbody.querySelectorAll('tr[data-path]')].find(r => r.dataset.path === focusRow.dataset.path);
      const target = again && (focusWhat === 'row' ? again : again.querySelector(focusWhat));
      if (target) target.focus({ preventScroll: true });
    }
    $('#empty').hidden = n > 0;
    $('#empty').textContent = q ? `No names match “${q}” in this folder.` : 'This folder is empty.';
    $('#loading').hidden = true;
    $('#count').textContent = n > PAGE ? n.toLocaleString() + (q ? ' matching' : ' entries') : '';
    if (!rowHeight && end > start) {
      const row = tbody.querySelector('tr:not(.spacer)');
      rowHeight = row ? row.getBoundingClientRect().height : 0;
      if (rowHeight && n > PAGE) { render(); return; }
    }
    if (missing.length) load(missing[0], missing[missing.length - 1]);
  }

  // Fetches the pages that hold rows first..last, one request each, then renders again.
  function load(first, last) {
    const g = gen;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
      if (loading.has(p)) continue;
      loading.add(p);
      fetchPage(p * PAGE, PAGE, g).then(d => { if (d) { loading.delete(p); schedule(); } })
        .catch(err => { loading.delete(p); message(err.message, true); });
    }
  }

  function schedule() {
    if (frame) return;
    frame = requestAnimationFrame(() => { frame = 0; render(); });
  }
  addEventListener('scroll', schedule, { passive: true });
  addEventListener('resize', schedule);

  return { reload, filter, render, count };
}
