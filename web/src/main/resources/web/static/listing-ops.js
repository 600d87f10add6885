// revkeep web UI: what can be done to the listing's entries — select a file (for the versions
// panel), the per-row actions menu (versions, download, rename, move to…, delete), new folder,
// moving by dragging a row onto a folder row or a breadcrumb, and the rows' keyboard use. Every
// change answers with a toast whose Undo takes its change set back (POST /api/undo).
// Needs common.js, listing-dialogs.js; browser.js sets the page's state (listingState).
'use strict';

// The page's state as browser.js keeps it: the folder, the moment shown (null: now), the user,
// and how to reload the listing (focusPath: the row to focus once it is shown again).
const listingState = { dir: '', at: null, canWrite: false, reload: async focusPath => {} };
let selectedPath = null;
const DRAG_TYPE = 'application/x-revkeep-path';

// A file row chosen: the versions panel (versions-panel.js) listens for 'revkeep:select'. Until
// a panel is on the page, the file's own page shows its versions. focusPanel: the keyboard's
// focus moves into the panel (asked for its versions); else it stays where it is (a click, a
// search result's row).
function selectFile(path, focusPanel = false) {
  selectedPath = path;
  for (const r of document.querySelectorAll('#files tr.selected')) r.classList.remove('selected');
  const row = rowOf(path);
  if (row) row.classList.add('selected');
  document.dispatchEvent(new CustomEvent('revkeep:select', { detail: { path, focus: focusPanel } }));
}
function showVersions(path) {
  selectFile(path, true);
  setTimeout(() => { if ($('#versions-panel').hidden) location.href = '/file?path=' + encodeURIComponent(path); }, 50);
}
const rowOf = path => [...document.querySelectorAll('#files tr[data-path]')].find(r => r.dataset.path === path);

function download(path) {
  const a = el('a', { href: '/api/content?path=' + encodeURIComponent(path), download: '' });
  document.body.append(a); a.click(); a.remove();
}

// The menu's items for an entry: reading for everyone, changes for editors and admins (now only).
function rowActions(e) {
  const dir = e.type === 'dir';
  const items = dir
    ? [{ action: 'open', label: 'Open', icon: 'folder', run: () => { location.href = folderHref(e.path); } }]
    : [{ action: 'versions', label: 'Versions', icon: 'history', run: () => showVersions(e.path) },
      { action: 'download', label: 'Download', icon: 'download', run: () => download(e.path) }];
  if (listingState.canWrite && !listingState.at && !e.deleted) {
    items.push({ action: 'rename', label: 'Rename…', icon: 'rename', run: () => renameEntry(e) },
      { action: 'move', label: 'Move to…', icon: 'move', run: () => moveEntry(e) },
      { action: 'delete', label: 'Delete…', icon: 'trash', danger: true, run: () => deleteEntry(e) });
  }
  return items;
}
const folderHref = path => '/?dir=' + encodeURIComponent(path) +
  (listingState.at ? '&at=' + encodeURIComponent(listingState.at) : '');

// A name typed for a new name: one segment, not empty (the server checks the rest).
function oneName(name) {
  if (!name) throw new Error('Type a name.');
  if (name.includes('/')) throw new Error('A name cannot hold “/”: use “Move to…” to put it in another folder.');
  if (name === '.' || name === '..') throw new Error('“' + name + '” is not a name a file can have.');
  return name;
}

async function moved(r, text, focusPath) {
  toast(text + ' (change set ' + shortId(r.change_set) + ')', { changeSet: r.change_set, onUndone: () => listingState.reload() });
  await listingState.reload(focusPath);
}

function renameEntry(e) {
  return formDialog({ title: 'Rename “' + e.name + '”', label: 'New name', value: e.name, ok: 'Rename',
    submit: async name => {
      const to = joinPath(parentOf(e.path), oneName(name));
      if (to === e.path) throw new Error('That is its name already.');
      const r = await api('POST', '/api/move', { from: e.path, to });
      await moved(r, 'Renamed “' + e.name + '” to “' + name + '”', to);
      return r;
    } }).then(r => focusRow(r ? r.to : e.path));
}

function moveEntry(e) {
  return folderPicker({ title: 'Move “' + e.name + '” to…', start: parentOf(e.path),
    choose: dest => moveInto(e, dest) }).then(r => { if (!r) focusRow(e.path); });
}

async function moveInto(e, dest) {
  if (dest === parentOf(e.path)) throw new Error('“' + e.name + '” is in /' + dest + ' already.');
  if (dest === e.path || dest.startsWith(e.path + '/')) throw new Error('A folder cannot go inside itself.');
  const r = await api('POST', '/api/move', { from: e.path, to: joinPath(dest, e.name) });
  await moved(r, 'Moved “' + e.name + '” to /' + dest);
  return r;
}

async function deleteEntry(e) {
  const ok = await confirmDialog({ title: 'Delete “' + e.name + '”?', ok: 'Delete', danger: true,
    text: 'It leaves the folder, but its history keeps every version: it stays recoverable from ' +
      '“Deleted files”, or right away with Undo.' });
  if (!ok) { focusRow(e.path); return; }
  try {
    const r = await api('POST', '/api/delete', { path: e.path });
    await moved(r, 'Deleted “' + e.name + '”', nextRowPath(e.path));
  } catch (err) { toast('Could not delete “' + e.name + '”: ' + err.message, { isError: true }); }
}
// after a delete, the keyboard stays in the list: on the row below (or above)
function nextRowPath(path) {
  const row = rowOf(path);
  const next = row && (row.nextElementSibling || row.previousElementSibling);
  return next && next.dataset.path ? next.dataset.path : null;
}

function newFolder() {
  return formDialog({ title: 'New folder', label: 'Folder name', ok: 'Create',
    submit: async name => {
      const path = joinPath(listingState.dir, oneName(name));
      const r = await api('POST', '/api/mkdir', { path });
      toast('Made the folder “' + name + '”');
      await listingState.reload(path);
      return r;
    } });
}

function focusRow(path) { const r = path && rowOf(path); if (r) r.focus(); }

// The list's clicks and keys, once for the table (rows come and go as it scrolls).
function setupRows(tbody, entryOf) {
  tbody.addEventListener('click', ev => {
    const row = ev.target.closest('tr[data-path]');
    if (!row || ev.target.closest('a, button')) return;
    const e = entryOf(row.dataset.path);
    if (e && e.type !== 'dir') selectFile(e.path);
  });
  tbody.addEventListener('keydown', ev => {
    const row = ev.target.closest('tr[data-path]');
    if (!row) return;
    const e = entryOf(row.dataset.path);
    if (!e) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      const sib = ev.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
      if (sib && sib.dataset.path) { ev.preventDefault(); sib.focus(); }
      return;
    }
    if (ev.target !== row) return; // the link and the menu button keep their own keys
    const can = listingState.canWrite && !listingState.at && !e.deleted;
    if (ev.key === 'Enter') { ev.preventDefault(); if (e.type === 'dir') location.href = folderHref(e.path); else selectFile(e.path, true); }
    else if (ev.key === ' ') { ev.preventDefault(); if (e.type !== 'dir') selectFile(e.path); }
    else if (ev.key === 'F2' && can) { ev.preventDefault(); renameEntry(e); }
    else if (ev.key === 'Delete' && can) { ev.preventDefault(); deleteEntry(e); }
    else if (ev.key === 'ContextMenu' || (ev.key === 'F10' && ev.shiftKey)) {
      ev.preventDefault(); const b = row.querySelector('button.row-menu'); if (b) showMenu(b, rowActions(e));
    }
  });
  // moving by dragging a file row onto a folder row
  tbody.addEventListener('dragstart', ev => {
    const row = ev.target.closest && ev.target.closest('tr[draggable="true"]');
    if (!row) return;
    ev.dataTransfer.setData(DRAG_TYPE, row.dataset.path);
    ev.dataTransfer.effectAllowed = 'move';
  });
  dropTarget(tbody, ev => { const r = ev.target.closest && ev.target.closest('tr.folder[data-path]'); return r && r.dataset.path; },
    ev => ev.target.closest('tr.folder[data-path]'));
  dropTarget($('#breadcrumbs'), ev => { const a = ev.target.closest && ev.target.closest('a[data-dir]'); return a ? a.dataset.dir : null; },
    ev => ev.target.closest('a[data-dir]'));
}

// Drops of a dragged row onto container's folders: folderOf(ev) → the folder's path, or null.
function dropTarget(container, folderOf, markOf) {
  const ours = ev => ev.dataTransfer && [...ev.dataTransfer.types].includes(DRAG_TYPE);
  let marked = null;
  const mark = m => { if (marked && marked !== m) marked.classList.remove('drop-target'); marked = m; if (m) m.classList.add('drop-target'); };
  container.addEventListener('dragover', ev => {
    if (!ours(ev) || folderOf(ev) == null) return;
    ev.preventDefault(); ev.dataTransfer.dropEffect = 'move'; mark(markOf(ev));
  });
  container.addEventListener('dragleave', () => mark(null));
  container.addEventListener('drop', async ev => {
    const dest = ours(ev) ? folderOf(ev) : null;
    mark(null);
    if (dest == null) return;
    ev.preventDefault();
    const from = ev.dataTransfer.getData(DRAG_TYPE);
    if (!from || dest === parentOf(from) || dest === from) return;
    try { await moveInto({ path: from, name: baseName(from) }, dest); }
    catch (err) { toast('Could not move “' + baseName(from) + '”: ' + err.message, { isError: true }); }
  });
}
