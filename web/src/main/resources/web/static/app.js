// revkeep web UI: plain JS, no build step. One file for every page; <body data-page> picks.
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v); else e[k] = v;
  }
  for (const k of kids) e.append(k);
  return e;
};
const csrf = () => ($('meta[name="csrf-token"]') || {}).content || '';
const params = new URLSearchParams(location.search);
let me = null;

async function api(method, url, body) {
  const opts = { method, credentials: 'same-origin', headers: {} };
  if (method !== 'GET') opts.headers['X-CSRF-Token'] = csrf();
  if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
  const res = await fetch(url, opts);
  if (res.status === 401 && document.body.dataset.page !== 'login') {
    location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
    throw new Error('log in first');
  }
  const data = (res.headers.get('Content-Type') || '').includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new Error((data && data.error) || res.statusText);
  return data;
}

function size(n) {
  if (n == null) return '';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0; while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : n) + ' ' + u[i];
}
const when = t => t ? new Date(t).toLocaleString() : '';
const message = (text, isError) => { const m = $('#message'); if (m) { m.textContent = text; m.className = isError ? 'error' : ''; } };

async function header() {
  me = await api('GET', '/api/me');
  $('#whoami').textContent = me.user + ' (' + me.role + ')';
  const admin = $('#admin-link'); if (admin) admin.hidden = me.role !== 'admin';
  $('#logout').onclick = async () => { await api('POST', '/api/logout'); location.href = '/login'; };
}

function breadcrumbs(dir, fileName) {
  const nav = $('#breadcrumbs'); nav.textContent = '';
  nav.append(el('a', { href: '/', text: 'shared' }));
  let acc = '';
  for (const part of dir ? dir.split('/') : []) {
    acc = acc ? acc + '/' + part : part;
    nav.append(' / ', el('a', { href: '/?dir=' + encodeURIComponent(acc), text: part }));
  }
  if (fileName) nav.append(' / ', el('span', { text: fileName }));
}

// Live updates: one EventSource per page; the browser resumes with Last-Event-ID by itself.
function live(onChange) {
  const badge = $('#live');
  const src = new EventSource('/api/events');
  src.onopen = () => { if (badge) { badge.textContent = 'live'; badge.classList.add('on'); } };
  src.onerror = () => { if (badge) { badge.textContent = 'reconnecting'; badge.classList.remove('on'); } };
  src.addEventListener('change', e => onChange(JSON.parse(e.data)));
  // A page left for another keeps no stream open: the browser may keep it for Back (bfcache),
  // and a handful of such streams take every connection the browser allows one site, so the
  // next page would wait for one. Coming Back, the page loads afresh.
  addEventListener('pagehide', () => src.close());
  addEventListener('pageshow', e => { if (e.persisted) location.reload(); });
  return src;
}

function activity(ev) {
  const list = $('#activity'); if (!list) return;
  const text = `${when(ev.time)} ${ev.user || '?'} ${ev.action.toLowerCase()} ${ev.name}` +
    (ev.from ? ` (from ${ev.from})` : '') + (ev.hash ? ` → v${ev.version}` : '');
  list.prepend(el('li', { text }));
  while (list.children.length > 50) list.lastChild.remove();
}

// ---- login ------------------------------------------------------------------------------------
// Where a login may send the user: a path of this site only (as the server's SafeRedirect):
// one leading '/', not '//', no backslash, no control or white-space character (a browser drops
// a TAB, so '/<TAB>/host' would become '//host'), no scheme or host. Anything else: null.
function sameSitePath(next) {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return null;
  if (/[\\\s\u0000-\u001f\u007f-\u009f]/.test(next)) return null;
  try {
    const url = new URL(next, location.origin);
    return url.origin === location.origin ? next : null;
  } catch (e) { return null; }
}

function loginPage() {
  $('#login-form').onsubmit = async e => {
    e.preventDefault();
    try {
      await api('POST', '/api/login', { user: $('#login-user').value, password: $('#login-password').value });
      const next = params.get('next');
      location.href = sameSitePath(next) || '/';
    } catch (err) { $('#login-error').textContent = err.message; }
  };
}

// ---- folder browser ---------------------------------------------------------------------------
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

// ---- file page --------------------------------------------------------------------------------
async function filePage() {
  await header();
  const path = params.get('path') || '';
  const slash = path.lastIndexOf('/');
  breadcrumbs(slash >= 0 ? path.slice(0, slash) : '', path.slice(slash + 1));
  $('#file-name').textContent = path.slice(slash + 1);
  const load = async () => {
    let data;
    try { data = await api('GET', '/api/history?path=' + encodeURIComponent(path)); }
    catch (err) { message(err.message, true); return; }
    $('#file-state').textContent = data.deleted ? 'This file is deleted; restore one of its versions to bring it back.' : '';
    const body = $('#history tbody'); body.textContent = '';
    const from = $('#diff-from'), to = $('#diff-to'); const keepFrom = from.value, keepTo = to.value;
    from.textContent = ''; to.textContent = '';
    for (const v of [...data.versions].reverse()) {
      const actions = el('td', { class: 'actions' });
      if (v.hash && v.available) {
        const url = '/api/content?path=' + encodeURIComponent(path) + '&version=' + v.version;
        actions.append(el('a', { href: url, text: 'download', class: 'download' }), ' ');
        const pv = el('button', { type: 'button', text: 'preview', class: 'preview' });
        pv.onclick = () => preview(path, v); actions.append(pv, ' ');
        if (me.role !== 'viewer') {
          const r = el('button', { type: 'button', text: 'restore', class: 'restore' });
          r.onclick = () => restore(path, v.version, null);
          const r2 = el('button', { type: 'button', text: 'restore to…', class: 'restore-to' });
          r2.onclick = () => { const dest = prompt('Restore version ' + v.version + ' to which path?', path); if (dest) restore(path, v.version, dest); };
          actions.append(r, ' ', r2);
        }
        from.append(el('option', { value: v.version, text: 'v' + v.version }));
        to.append(el('option', { value: v.version, text: 'v' + v.version }));
      }
      body.append(el('tr', { 'data-version': v.version, class: v.hash ? '' : 'deleted' },
        el('td', { class: 'num', text: v.version }), el('td', { class: 'num', text: v.hash ? size(v.size) : '' }),
        el('td', { text: when(v.time) }), el('td', { class: 'user', text: v.user || '' }),
        el('td', { text: v.origin }), el('td', { class: 'action', title: v.change_set ? 'change set ' + v.change_set : '',
          text: v.action.toLowerCase() + (v.path !== path ? ' (' + v.path + ')' : '') + (v.change_set ? ' · set ' + v.change_set.slice(0, 8) : '') }), actions));
    }
    if (keepFrom) from.value = keepFrom; else if (from.options.length > 1) from.selectedIndex = 1;
    if (keepTo) to.value = keepTo;
  };
  $('#diff-go').onclick = async () => {
    try {
      const d = await api('GET', `/api/diff?path=${encodeURIComponent(path)}&from=${$('#diff-from').value}&to=${$('#diff-to').value}`);
      const pre = $('#diff'); pre.textContent = '';
      if (d.binary) { pre.textContent = d.identical ? 'The versions are identical.' : 'Binary content differs; download the versions to compare.'; return; }
      if (d.identical) { pre.textContent = 'The versions are identical.'; return; }
      for (const line of d.diff.split('\n')) {
        const cls = line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : '';
        pre.append(el('span', { class: cls, text: line + '\n' }));
      }
    } catch (err) { message(err.message, true); }
  };
  live(ev => { if (ev.name === path || ev.from === path) { message(`${ev.user || '?'} ${ev.action.toLowerCase()} → version ${ev.version}`); load(); } });
  await load();
}

async function restore(path, version, to) {
  try {
    const r = await api('POST', '/api/restore', to ? { path, version, to } : { path, version });
    message(r.unchanged ? `${r.to} already has the content of version ${version}.`
      : `Restored version ${version} to ${r.to}; it becomes its newest version once recorded.`);
  } catch (err) { message(err.message, true); }
}

async function preview(path, v) {
  const box = $('#preview'); box.textContent = '';
  const url = '/api/content?path=' + encodeURIComponent(path) + '&version=' + v.version + '&inline=1';
  if (/\.(png|jpe?g|gif|webp|bmp)$/i.test(path)) { box.append(el('img', { src: url, alt: 'version ' + v.version })); return; }
  if (v.size > 1024 * 1024) { box.textContent = 'Too large to preview; download it.'; return; }
  const d = await api('GET', `/api/diff?path=${encodeURIComponent(path)}&from=${v.version}&to=${v.version}`).catch(() => null);
  if (d && d.binary) { box.textContent = 'Binary content; download it.'; return; }
  const text = await (await fetch(url, { credentials: 'same-origin' })).text();
  box.append(el('pre', { text }));
}

// ---- admin ------------------------------------------------------------------------------------
async function adminPage() {
  await header();
  const load = async () => {
    const users = await api('GET', '/api/users');
    const body = $('#users tbody'); body.textContent = '';
    for (const u of users) {
      const role = el('select', {}, ...['admin', 'editor', 'viewer'].map(r => el('option', { value: r, text: r })));
      role.value = u.role;
      role.onchange = () => api('POST', '/api/users/update', { name: u.name, role: role.value }).then(() => message('Role changed.')).catch(err => message(err.message, true)).then(load);
      const pw = el('button', { type: 'button', text: 'new password' });
      pw.onclick = () => { const p = prompt('New password for ' + u.name); if (p) api('POST', '/api/users/update', { name: u.name, password: p }).then(() => message('Password changed.')).catch(err => message(err.message, true)); };
      const rm = el('button', { type: 'button', text: 'remove' });
      rm.onclick = () => { if (confirm('Remove ' + u.name + '?')) api('POST', '/api/users/delete', { name: u.name }).then(load).catch(err => message(err.message, true)); };
      body.append(el('tr', { 'data-user': u.name }, el('td', { text: u.name }), el('td', {}, role), el('td', {}, pw, ' ', rm)));
    }
  };
  $('#add-user').onsubmit = async e => {
    e.preventDefault();
    try {
      await api('POST', '/api/users', { name: $('#new-name').value, password: $('#new-password').value, role: $('#new-role').value });
      message('User added.'); e.target.reset(); load();
    } catch (err) { message(err.message, true); }
  };
  await load();
}

const pages = { login: loginPage, browser: browserPage, file: filePage, admin: adminPage };
document.addEventListener('DOMContentLoaded', () => {
  const page = pages[document.body.dataset.page];
  if (page) page().catch(err => message(err.message, true));
});
