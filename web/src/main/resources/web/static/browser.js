// The folder browser (index.html). Needs common.js and folder-list.js.
'use strict';

// The list itself (paging, windowed rendering, the filter) is folder-list.js.
let list = null;
// Point in time: null shows the folder now; else an ISO instant, and the listing is as it was.
let at = null;
// While a folder restore runs: the paths it changes and those the listener has recorded.
let restoreWatch = null;

// A Date as the value of <input type="datetime-local" step="1"> (local time, seconds).
const localValue = d => {
  const p = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

// The entries of the listing on screen, by path (rowView fills it), for the rows' keys and menus.
const shownEntries = new Map();
// Sub-folders standing in the shared folder that the store does not list (new, empty).
let diskFolders = [];

async function browserPage() {
  const dir = params.get('dir') || '';
  at = params.get('at') || null;
  const deletedOnly = params.get('view') === 'deleted';
  const badMoment = at !== null && !validMoment(at); // shown now instead, below
  if (!deletedOnly && !badMoment) askFirstRows(dir);
  await header();
  breadcrumbs(dir);
  markBreadcrumbs();
  listingState.dir = dir;
  listingState.canWrite = me.role !== 'viewer';
  setupSearch();
  if (deletedOnly) {
    listingState.reload = () => deletedView();
    $('#breadcrumbs').hidden = true;
    live(ev => { activity(ev); if (ev.action === 'DELETE' || ev.action === 'CREATE') deletedView().catch(err => message(err.message, true)); });
    await deletedView();
    return;
  }
  if (badMoment) {
    message(`${isNaN(new Date(at)) ? '“' + at + '” is not a time revkeep reads' : exactTime(at) + ' is in the future'}: ` +
      'a folder can be shown as it was up to now. Showing it now.', true);
    at = null;
  }
  listingState.at = at;
  const url = p => filesUrl(dir, p);
  const extras = () => at || $('#show-deleted').checked ? [] : diskFolders.map(name => ({
    name, path: joinPath(dir, name), type: 'dir', size: 0, files: 0, last_modified: null, last_modified_user: null, deleted: false }));
  list = folderList($('#files tbody'), rowView, url, extras);
  setupRows($('#files tbody'), path => shownEntries.get(path));
  // a new moment or a live change: the rows on screen stay until their page comes again
  // focusPath: the row the keyboard goes to once shown (a renamed file shows once the listener
  // has recorded the move, a reload or two later)
  let pendingFocus = null;
  const load = async focusPath => {
    if (focusPath) pendingFocus = { path: focusPath, until: Date.now() + 10_000 };
    showTime();
    const exists = at ? true : await lookOnDisk(dir);
    await list.reload(true);
    if (!exists && list.count() === 0) { noSuchFolder(dir); return; }
    if (pendingFocus && Date.now() > pendingFocus.until) pendingFocus = null;
    if (pendingFocus && rowOf(pendingFocus.path) && !document.querySelector('dialog[open]')) {
      focusRowSoon(pendingFocus.path);
      pendingFocus = null;
    }
  };
  const failed = err => { $('#loading').hidden = true; message('Could not list /' + dir + ': ' + err.message, true); };
  listingState.reload = focusPath => load(focusPath).catch(failed);
  let pending = null;
  // a burst of events costs one listing and one change-times request, not one per event
  const reloadSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(() => { load().catch(failed); refreshTimes(dir).catch(err => message('Could not read the folder\'s change times: ' + err.message, true)); }, 100);
  };
  $('#filter').oninput = e => list.filter(e.target.value, e.timeStamp);
  $('#sort').onchange = () => list.reload(false).catch(err => message(err.message, true));
  $('#show-deleted').onchange = () => list.reload(false).catch(err => message(err.message, true));
  if (me.role !== 'viewer') {
    setupUpload(dir);
    $('#new-folder').onclick = () => newFolder();
  }
  setupTimeTravel(dir, load);
  live(ev => {
    activity(ev);
    if (restoreWatch && restoreWatch.paths.has(ev.name)) {
      restoreWatch.seen.add(ev.name);
      $('#restore-progress').value = restoreWatch.seen.size;
      $('#restore-status').textContent = `${restoreWatch.seen.size} of ${restoreWatch.paths.size} recorded`;
    }
    reloadSoon();
  });
  let listed = true;
  try { await load(); } catch (err) { failed(err); listed = false; }
  // the slider's times after the first rows (or the failure to list them): on a large folder
  // they are the dearer read
  refreshTimes(dir).catch(err => message(err.message, true));
  if (!listed) return;
  const show = params.get('show');
  if (show) { focusRowSoon(show); if (rowOf(show)) { rowOf(show).classList.add('flash'); selectFile(show); } }
}

const validMoment = iso => new Date(iso) <= new Date();

// The listing's URL for one page (p: offset, limit and the server's filter q), with the page's
// moment, sort and "deleted files" choice.
const filesUrl = (dir, p) => '/api/files?dir=' + encodeURIComponent(dir) +
  (at ? '&at=' + encodeURIComponent(at) : $('#show-deleted').checked ? '&deleted=true' : '') +
  '&sort=' + $('#sort').value + '&offset=' + p.offset + '&limit=' + p.limit +
  (p.q ? '&q=' + encodeURIComponent(p.q) : '');

// The folder's first page and its look on disk, asked for beside /api/me instead of after it
// (common.js askEarly): on a large folder three round trips in a row were a third of the time
// to its first rows (issue 17). The same URLs as load() asks for, built by the same functions.
function askFirstRows(dir) {
  askEarly(filesUrl(dir, { offset: 0, limit: PAGE }));
  if (!at) askEarly(folderUrl(dir));
}

// Whether the folder stands in the shared folder now, and its sub-folders (for extras).
async function lookOnDisk(dir) {
  let look;
  try { look = await api('GET', folderUrl(dir)); } catch (err) { return true; }
  diskFolders = look.folders || [];
  return look.exists;
}

// Neither on disk nor in the store: the page says so, with a link to the folder above, instead
// of an empty listing.
function noSuchFolder(dir) {
  $('#files').hidden = true;
  $('#loading').hidden = true;
  $('#empty').hidden = false;
  $('#empty').replaceChildren(`There is no folder “/${dir}” in the shared folder (it may have been moved or deleted). `,
    el('a', { href: '/?dir=' + encodeURIComponent(parentOf(dir)), text: 'Go up to /' + parentOf(dir) }));
  $('#upload').hidden = true; $('#new-folder').hidden = true;
}

function focusRowSoon(path) {
  const row = rowOf(path);
  if (row) { row.scrollIntoView({ block: 'nearest' }); row.focus({ preventScroll: true }); }
}

// Breadcrumbs are drop targets for dragged rows: each link knows its folder.
function markBreadcrumbs() {
  for (const a of document.querySelectorAll('#breadcrumbs a')) {
    a.dataset.dir = new URL(a.href).searchParams.get('dir') || '';
  }
  const links = document.querySelectorAll('#breadcrumbs a');
  if (links.length) links[links.length - 1].setAttribute('aria-current', 'page');
}

// The slider runs over the folder's change times, oldest on the left; its last position is now.
// A folder with more change times than SLIDER_STEPS gets them spread over its whole history (the
// first change is always the leftmost step); "zoom in" narrows the slider to the stretch around
// its position, again and again until every change of the stretch is a step; "zoom out" undoes.
const SLIDER_STEPS = 500;
let times = [], timesTotal = 0;
const zooms = [];
async function refreshTimes(dir) {
  const z = zooms[zooms.length - 1];
  const data = await api('GET', '/api/change-times?dir=' + encodeURIComponent(dir) + '&limit=' + SLIDER_STEPS +
    '&spread=true' + (z ? '&from=' + encodeURIComponent(z.from) + '&to=' + encodeURIComponent(z.to) : ''));
  times = data.times.slice().reverse();
  timesTotal = data.total;
  const slider = $('#at-slider');
  slider.max = times.length;
  // at a past time: the position of the last change at or before it (0 if none)
  let pos = times.length;
  if (at) {
    pos = 0;
    times.forEach((t, i) => { if (new Date(t) <= new Date(at)) pos = i; });
  }
  slider.value = pos;
  $('#at-zoom-in').hidden = timesTotal <= times.length;
  $('#at-zoom-out').hidden = !zooms.length;
  $('#at-range').textContent = !times.length ? '' : (timesTotal > times.length
    ? `${times.length} of ${timesTotal.toLocaleString()} changes` : `${timesTotal.toLocaleString()} changes`) +
    ' from ' + when(times[0]) + (z ? ' to ' + when(times[times.length - 1]) : '');
}

function setupTimeTravel(dir, load) {
  const slider = $('#at-slider'), input = $('#at-input');
  const go = iso => { at = iso; hidePreview(); load().catch(err => message(err.message, true)); };
  slider.oninput = () => go(Number(slider.value) >= times.length ? null : times[Number(slider.value)]);
  input.onchange = () => {
    if (!input.value) return;
    const t = new Date(input.value);
    if (t > new Date()) { message(exactTime(t) + ' is in the future: a folder can be shown as it was up to now.', true); return; }
    message('');
    go(t.toISOString());
  };
  $('#at-now').onclick = () => { go(null); slider.value = times.length; };
  const rezoom = () => refreshTimes(dir).catch(err => message(err.message, true));
  $('#at-zoom-in').onclick = () => {
    const pos = Math.min(Number(slider.value), times.length - 1);
    zooms.push({ from: times[Math.max(0, pos - 1)], to: times[Math.min(times.length - 1, pos + 1)] });
    rezoom();
  };
  $('#at-zoom-out').onclick = () => { zooms.pop(); rezoom(); };
  $('#restore-folder').onclick = () => previewRestore(dir);
  $('#restore-exact').onchange = () => previewRestore(dir);
  $('#restore-cancel').onclick = hidePreview;
  $('#restore-go').onclick = () => runRestore(dir, load);
}

function showTime() {
  const past = at !== null;
  $('#at-label').textContent = past ? 'showing the folder as it was at ' + when(at) : 'now';
  $('#at-now').hidden = !past;
  $('#restore-folder').hidden = !past || me.role === 'viewer';
  $('#restore-folder').textContent = past ? 'Restore this folder as of ' + when(at) + '…' : '';
  $('#upload').hidden = past || me.role === 'viewer';
  $('#new-folder').hidden = past || me.role === 'viewer';
  listingState.at = at;
  $('#show-deleted').disabled = past;
  document.body.classList.toggle('past', past);
  if (past && document.activeElement !== $('#at-input')) $('#at-input').value = localValue(new Date(at));
  if (!past) $('#at-input').value = '';
}

function hidePreview() { $('#restore-preview').hidden = true; }

async function previewRestore(dir) {
  try {
    const plan = await api('POST', '/api/restore-folder', { dir, at, exact: $('#restore-exact').checked, dry_run: true });
    const body = $('#restore-steps tbody'); body.textContent = '';
    for (const s of plan.steps) {
      body.append(el('tr', { 'data-path': s.path, class: 'step ' + s.action },
        el('td', { text: s.action }), el('td', { text: s.action === 'move' ? s.from + ' \u2192 ' + s.to : s.path }),
        el('td', { text: s.reason })));
    }
    const c = plan.counts;
    $('#restore-summary').textContent = `${plan.what}: ${c.move} to move back, ${c.write} to write back, ${c.recreate} to recreate, ` +
      `${c.remove} to remove, ${c.keep} unchanged, ${c.leave} created since and left in place` +
      (c.unavailable ? `, ${c.unavailable} no longer kept` : '') + '.';
    $('#restore-go').disabled = !plan.steps.some(s => ['move', 'write', 'recreate', 'remove'].includes(s.action));
    $('#restore-progress').hidden = true; $('#restore-status').textContent = '';
    $('#restore-preview').hidden = false;
  } catch (err) { message(err.message, true); }
}

async function runRestore(dir, load) {
  const rows = [...document.querySelectorAll('#restore-steps tr.step')]
    .filter(r => r.classList.contains('write') || r.classList.contains('recreate') || r.classList.contains('remove'));
  const moves = document.querySelectorAll('#restore-steps tr.step.move').length;
  const ok = await confirmDialog({ title: 'Restore /' + dir + ' as of ' + exactTime(at) + '?', ok: 'Restore', danger: true,
    text: `${rows.length + moves} ${rows.length + moves === 1 ? 'file changes' : 'files change'} as the preview lists. ` +
      'Every version now in the folder stays in its history, and Undo takes the whole restore back.' });
  if (!ok) return;
  restoreWatch = { paths: new Set(rows.map(r => r.dataset.path)), seen: new Set() };
  const bar = $('#restore-progress');
  bar.max = restoreWatch.paths.size; bar.value = 0; bar.hidden = false;
  $('#restore-status').textContent = 'restoring…';
  $('#restore-go').disabled = true;
  try {
    const r = await api('POST', '/api/restore-folder', { dir, at, exact: $('#restore-exact').checked });
    // the answer comes once the listener has recorded every file, but a live event may still be
    // on its way: it must not turn "done" back into "n of m recorded"
    restoreWatch = null;
    bar.value = bar.max;
    const id = r.result.change_set;
    $('#restore-status').textContent = `done: ${r.result.moved} moved, ${r.result.written} written, ${r.result.removed} removed` +
      ` (change set ${shortId(id)})`;
    $('#restore-status').title = 'change set ' + id;
    toast(`Restored ${r.what} (change set ${shortId(id)})`, { changeSet: id, onUndone: () => load() });
    at = null; $('#at-slider').value = times.length;
    await load();
  } catch (err) { $('#restore-status').textContent = 'failed: ' + err.message; message(err.message, true); }
  finally { restoreWatch = null; }
}

// One entry's row (folder-list.js puts only the rows on screen into the table). Columns: name,
// versions, size, last change, by, actions (BrowserIT reads them by position).
function rowView(e) {
  shownEntries.set(e.path, e);
  const dir = e.type === 'dir';
  const href = dir ? folderHref(e.path) : '/file?path=' + encodeURIComponent(e.path);
  const menu = el('button', { type: 'button', class: 'btn-quiet btn-icon row-menu', title: 'Actions' }, icon('more'));
  menu.setAttribute('aria-label', 'Actions for ' + e.name);
  menu.setAttribute('aria-haspopup', 'menu');
  menu.setAttribute('aria-expanded', 'false');
  menu.onclick = () => showMenu(menu, rowActions(e));
  const tr = el('tr', { 'data-path': e.path, tabIndex: 0,
    class: [dir ? 'folder' : 'file', e.deleted ? 'deleted' : e.deleted_since ? 'gone-now' : e.moved_to ? 'moved-now' : '',
      e.path === selectedPath ? 'selected' : ''].join(' ').trim() },
    el('td', { title: e.name }, el('div', { class: 'name-cell' }, entryVisual(e), el('a', { href, text: dir ? e.name + '/' : e.name }),
      e.deleted_since ? el('span', { class: 'note', text: ' deleted since' })
      : e.moved_to ? el('span', { class: 'note', text: ' moved since to ' + e.moved_to }) : '')),
    el('td', { class: 'num', text: dir ? e.files + (e.files === 1 ? ' file' : ' files') : e.versions }),
    el('td', { class: 'num', text: size(e.size) }),
    el('td', { class: 'when' }, e.last_modified ? timeEl(e.last_modified) : ''),
    el('td', { class: 'user', text: e.last_modified_user || '' }),
    el('td', { class: 'actions' }, menu));
  if (!dir && !e.deleted && listingState.canWrite && !at) tr.draggable = true;
  return tr;
}

function setupUpload(dir) {
  $('#upload').hidden = false;
  const zone = $('#dropzone');
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async e => {
    e.preventDefault(); zone.classList.remove('over');
    // Read everything synchronously: the DataTransfer is emptied once the handler returns.
    const plain = [...e.dataTransfer.files].map(f => ({ file: f, rel: f.name }));
    const items = e.dataTransfer.items ? [...e.dataTransfer.items] : [];
    const entries = items.map(i => i.webkitGetAsEntry && i.webkitGetAsEntry());
    let files = plain;
    if (entries.length && entries.every(x => x) && entries.some(x => x.isDirectory)) {
      try { files = []; for (const entry of entries) await walk(entry, '', files); } catch (err) { files = plain; }
    }
    queueUploads(dir, files);
  });
  $('#picker').onchange = e => { queueUploads(dir, [...e.target.files].map(f => ({ file: f, rel: f.name }))); e.target.value = ''; };
}

// A dropped folder: read every file under it, keeping its relative path.
async function walk(entry, prefix, out) {
  if (entry.isFile) {
    const file = await new Promise((ok, ko) => entry.file(ok, ko));
    out.push({ file, rel: prefix + entry.name });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, ko) => reader.readEntries(ok, ko));
      if (!batch.length) break;
      for (const child of batch) await walk(child, prefix + entry.name + '/', out);
    }
  }
}

const queue = []; let running = 0; const PARALLEL = 3;
// A batch: names that exist already are asked about first (upload-conflicts.js), then sent.
async function queueUploads(dir, files) {
  const rowFor = (rel, text) => {
    const bar = el('progress', { max: 100, value: 0 });
    bar.setAttribute('aria-label', 'upload of ' + rel);
    const status = el('span', { class: 'status', text });
    const li = el('li', { class: 'upload', 'data-name': rel }, el('span', { class: 'name', text: rel }), bar, status);
    $('#uploads').append(li);
    return { bar, status, li };
  };
  let chosen;
  try {
    chosen = await resolveConflicts(dir, files, f => {
      const { li } = rowFor(f.rel, 'skipped: “' + f.name + '” exists already');
      li.classList.add('skipped');
    });
  } catch (err) { message('Could not look at the folder before uploading: ' + err.message, true); return; }
  if (!chosen) { message('Upload cancelled: nothing was sent.'); return; }
  for (const f of chosen) {
    const renamed = f.name !== baseName(f.rel);
    const shown = renamed ? f.rel + ' → ' + f.name : f.rel;
    queue.push({ dir, f, ...rowFor(shown, 'waiting') });
  }
  pump();
}
function pump() {
  while (running < PARALLEL && queue.length) { running++; upload(queue.shift()).finally(() => { running--; pump(); }); }
}
function upload({ f, bar, status, li }) {
  return new Promise(resolve => {
    const form = new FormData();
    form.append('dir', f.folder);
    form.append('file', f.file, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/upload');
    xhr.setRequestHeader('X-CSRF-Token', csrf());
    xhr.upload.onprogress = e => { if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); status.textContent = bar.value + ' %'; } };
    const failed = msg => {
      // the bar turns red over its whole length, and says why in one line
      bar.value = 100; li.classList.add('failed');
      status.textContent = 'failed: ' + String(msg || 'the server refused it').split('\n')[0];
      status.className = 'status error';
      bar.setAttribute('aria-label', 'upload of ' + f.rel + ' failed');
    };
    xhr.onload = () => {
      if (xhr.status === 200) {
        bar.value = 100; li.classList.add('done');
        status.textContent = f.replace ? 'done: a new version' : 'done';
      } else { let msg = xhr.statusText; try { msg = JSON.parse(xhr.responseText).error; } catch (e) { /* keep */ } failed(msg); }
      resolve();
    };
    xhr.onerror = () => { failed('network error (the connection was closed; too large a file?)'); resolve(); };
    status.textContent = '0 %';
    xhr.send(form);
  });
}

runPage(browserPage);
