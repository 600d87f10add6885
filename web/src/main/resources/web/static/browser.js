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

async function browserPage() {
  await header();
  const dir = params.get('dir') || '';
  at = params.get('at') || null;
  breadcrumbs(dir);
  const url = p => '/api/files?dir=' + encodeURIComponent(dir) +
    (at ? '&at=' + encodeURIComponent(at) : $('#show-deleted').checked ? '&deleted=true' : '') +
    '&sort=' + $('#sort').value + '&offset=' + p.offset + '&limit=' + p.limit +
    (p.q ? '&q=' + encodeURIComponent(p.q) : '');
  list = folderList($('#files tbody'), rowView, url);
  // a new moment or a live change: the rows on screen stay until their page comes again
  const load = async () => { showTime(); await list.reload(true); };
  let pending = null;
  // a burst of events costs one listing and one change-times request, not one per event
  const reloadSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(() => { load().catch(err => message(err.message, true)); refreshTimes(dir).catch(err => message(err.message, true)); }, 100);
  };
  $('#filter').oninput = e => list.filter(e.target.value, e.timeStamp);
  $('#sort').onchange = () => list.reload(false).catch(err => message(err.message, true));
  $('#show-deleted').onchange = () => list.reload(false).catch(err => message(err.message, true));
  if (me.role !== 'viewer') setupUpload(dir);
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
  await load();
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
  input.onchange = () => { if (input.value) go(new Date(input.value).toISOString()); };
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
  refreshTimes(dir).catch(err => message(err.message, true));
}

function showTime() {
  const past = at !== null;
  $('#at-label').textContent = past ? 'showing the folder as it was at ' + when(at) : 'now';
  $('#at-now').hidden = !past;
  $('#restore-folder').hidden = !past || me.role === 'viewer';
  $('#restore-folder').textContent = past ? 'Restore this folder as of ' + when(at) + '…' : '';
  $('#upload').hidden = past || me.role === 'viewer';
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
  restoreWatch = { paths: new Set(rows.map(r => r.dataset.path)), seen: new Set() };
  const bar = $('#restore-progress');
  bar.max = restoreWatch.paths.size; bar.value = 0; bar.hidden = false;
  $('#restore-status').textContent = 'restoring…';
  $('#restore-go').disabled = true;
  try {
    const r = await api('POST', '/api/restore-folder', { dir, at, exact: $('#restore-exact').checked });
    bar.value = bar.max;
    $('#restore-status').textContent = `done: ${r.result.moved} moved, ${r.result.written} written, ${r.result.removed} removed` +
      ` (change set ${r.result.change_set})`;
    message(`Restored ${r.what}. Undo with: revkeep revert --change-set ${r.result.change_set}`);
    at = null; $('#at-slider').value = times.length;
    await load();
  } catch (err) { $('#restore-status').textContent = 'failed: ' + err.message; message(err.message, true); }
  finally { restoreWatch = null; }
}

// One entry's row (folder-list.js puts only the rows on screen into the table).
function rowView(e) {
  const href = e.type === 'dir' ? '/?dir=' + encodeURIComponent(e.path) : '/file?path=' + encodeURIComponent(e.path);
  return el('tr', { 'data-path': e.path, class: e.deleted ? 'deleted' : e.deleted_since ? 'gone-now' : e.moved_to ? 'moved-now' : '' },
    el('td', { title: e.name }, el('a', { href: at && e.type === 'dir' ? href + '&at=' + encodeURIComponent(at) : href,
      text: e.type === 'dir' ? e.name + '/' : e.name }), e.deleted_since ? el('span', { class: 'note', text: ' deleted since' })
      : e.moved_to ? el('span', { class: 'note', text: ' moved since to ' + e.moved_to }) : ''),
    el('td', { class: 'num', text: e.type === 'dir' ? e.files + ' files' : e.versions }),
    el('td', { class: 'num', text: size(e.size) }),
    el('td', { text: when(e.last_modified) }),
    el('td', { class: 'user', text: e.last_modified_user || '' }));
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
function queueUploads(dir, files) {
  for (const f of files) {
    const bar = el('progress', { max: 100, value: 0 });
    const status = el('span', { class: 'status', text: 'waiting' });
    const li = el('li', { class: 'upload', 'data-name': f.rel }, el('span', { class: 'name', text: f.rel }), bar, status);
    $('#uploads').append(li);
    queue.push({ dir, f, bar, status, li });
  }
  pump();
}
function pump() {
  while (running < PARALLEL && queue.length) { running++; upload(queue.shift()).finally(() => { running--; pump(); }); }
}
function upload({ dir, f, bar, status, li }) {
  return new Promise(resolve => {
    const slash = f.rel.lastIndexOf('/');
    const sub = slash >= 0 ? f.rel.slice(0, slash) : '';
    const name = slash >= 0 ? f.rel.slice(slash + 1) : f.rel;
    const form = new FormData();
    form.append('dir', [dir, sub].filter(Boolean).join('/'));
    form.append('file', f.file, name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/upload');
    xhr.setRequestHeader('X-CSRF-Token', csrf());
    xhr.upload.onprogress = e => { if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); status.textContent = bar.value + ' %'; } };
    xhr.onload = () => {
      if (xhr.status === 200) { bar.value = 100; status.textContent = 'done'; li.classList.add('done'); }
      else { let msg = xhr.statusText; try { msg = JSON.parse(xhr.responseText).error; } catch (e) { /* keep */ }
        status.textContent = 'failed: ' + msg; status.className = 'status error'; li.classList.add('failed'); }
      resolve();
    };
    xhr.onerror = () => { status.textContent = 'failed: network error'; li.classList.add('failed'); resolve(); };
    status.textContent = '0 %';
    xhr.send(form);
  });
}

runPage(browserPage);
