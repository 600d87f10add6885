// revkeep web UI: the header's search (GET /api/search over the whole share, or this folder
// only, as it was at the moment the page shows) and the "Deleted files" view (GET /api/deleted,
// newest first, each restorable: it asks first, then offers Undo). Needs common.js,
// file-types.js, listing-dialogs.js, listing-ops.js (listingState).
'use strict';

function setupSearch() {
  const input = $('#search');
  const run = () => search(input.value.trim()).catch(err => message(err.message, true));
  $('#search-form').onsubmit = e => { e.preventDefault(); run(); };
  $('#search-here').onchange = () => { if (input.value.trim()) run(); };
  $('#search-close').onclick = closeSearch;
  input.addEventListener('keydown', e => { if (e.key === 'Escape' && !$('#search-results').hidden) { input.value = ''; closeSearch(); } });
}

function closeSearch() {
  $('#search-results').hidden = true;
  $(params.get('view') === 'deleted' ? '#deleted-view' : '#folder-view').hidden = false;
  $('#search').focus();
}

async function search(q) {
  if (!q) { closeSearch(); return; }
  const here = $('#search-here').checked;
  const { dir, at } = listingState;
  const data = await api('GET', '/api/search?q=' + encodeURIComponent(q) + (here ? '&dir=' + encodeURIComponent(dir) : '') +
    (at ? '&at=' + encodeURIComponent(at) : ''));
  $('#folder-view').hidden = true; $('#deleted-view').hidden = true;
  $('#search-results').hidden = false;
  $('#search-title').textContent = 'Search results for “' + q + '”';
  const scope = (here ? 'in /' + dir : 'in the whole share') + (at ? ' as it was at ' + exactTime(at) : '');
  $('#search-summary').textContent = data.hits.length
    ? `${data.hits.length.toLocaleString()}${data.truncated ? ' first' : ''} ${data.hits.length === 1 ? 'match' : 'matches'} ${scope}` +
      (data.truncated ? ' — type more of the name to narrow them down.' : '.')
    : `No names match “${q}” ${scope}.`;
  const list = $('#search-list');
  list.replaceChildren(...data.hits.map(h => {
    const folder = h.type === 'folder';
    const parent = parentOf(h.path);
    const href = folder ? folderHref(h.path)
      : '/?dir=' + encodeURIComponent(parent) + '&show=' + encodeURIComponent(h.path) + (at ? '&at=' + encodeURIComponent(at) : '');
    return el('li', { 'data-path': h.path }, kindIcon(h), el('a', { href, text: folder ? h.name + '/' : h.name }),
      h.modified ? el('span', { class: 'note' }, timeEl(h.modified), h.user ? ' · ' + h.user : '') : '',
      el('span', { class: 'where', title: '/' + parent, text: 'in /' + parent }));
  }));
}

// The "Deleted files" view of the whole share.
async function deletedView() {
  $('#folder-view').hidden = true;
  $('#deleted-view').hidden = false;
  $('#deleted-link').setAttribute('aria-current', 'page');
  document.title = 'revkeep — deleted files';
  const state = $('#deleted-state');
  state.hidden = false; state.textContent = 'Loading…';
  const data = await api('GET', '/api/deleted?limit=500');
  const body = $('#deleted-files tbody');
  state.hidden = data.files.length > 0;
  state.textContent = 'No deleted files: everything that was ever deleted here has been restored, or nothing was.';
  $('#deleted-files').hidden = !data.files.length;
  const canWrite = listingState.canWrite;
  body.replaceChildren(...data.files.map(f => {
    const last = f.last;
    const restore = canWrite && last ? el('button', { type: 'button', class: 'restore-deleted', text: 'Restore' }) : '';
    if (restore) { restore.setAttribute('aria-label', 'Restore ' + f.path); restore.onclick = () => restoreDeleted(f); }
    return el('tr', { 'data-path': f.path },
      el('td', {}, el('div', { class: 'name-cell' }, kindIcon(f), el('a', { href: '/file?path=' + encodeURIComponent(f.path), text: f.name })),
        el('div', { class: 'path', text: 'in /' + parentOf(f.path) })),
      el('td', {}, timeEl(f.deleted)),
      el('td', { class: 'user', text: f.deleted_by || '' }),
      el('td', {}, last ? el('span', {}, 'v' + last.version + ' · ' + size(last.size) + ' · ', timeEl(last.time), ' · ' + (last.user || '')) : '—'),
      el('td', {}, restore));
  }));
  if (data.truncated) state.hidden = false, state.textContent = `Showing the newest ${data.files.length} deleted files.`;
}

// Restores a deleted file's last version at its path: asks first; then Undo (its change set,
// read from the file's history once the listener has recorded the restore).
async function restoreDeleted(f) {
  const last = f.last;
  const ok = await confirmDialog({ title: 'Restore “' + f.name + '”?', ok: 'Restore',
    text: `Version ${last.version} (${size(last.size)}, by ${last.user || 'unknown'}) comes back as /${f.path}.` });
  if (!ok) return;
  try {
    await api('POST', '/api/restore', { path: f.path, version: last.version });
    const changeSet = await restoredChangeSet(f.path, last.version + 1);
    toast('Restored “' + f.name + '”' + (changeSet ? ' (change set ' + shortId(changeSet) + ')' : ''),
      { changeSet, onUndone: () => deletedView() });
    await deletedView();
  } catch (err) { toast('Could not restore “' + f.name + '”: ' + err.message, { isError: true }); }
}

// The change set of the version a restore made (at least version `from`), once recorded; null
// if the listener has not recorded it within a few seconds (then there is no Undo button).
async function restoredChangeSet(path, from) {
  const deadline = Date.now() + 8000;
  while (Date.now() < deadline) {
    const h = await api('GET', '/api/history?path=' + encodeURIComponent(path));
    const v = h.versions.filter(x => x.version >= from && x.hash).pop();
    if (v) return v.change_set;
    await new Promise(r => setTimeout(r, 200));
  }
  return null;
}
