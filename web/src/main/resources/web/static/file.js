// One file's page: its history, preview, diff and restore (file.html). Needs common.js.
'use strict';

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

runPage(filePage);
