// The versions panel (issue 19): one file's history, newest first, each version with who, when,
// origin, size, a thumbnail or a type badge, and preview, download, restore and compare. It
// shows beside the listing (index.html's <aside id="versions-panel">, opened by the listing's
// 'revkeep:select' event) and full-page on file.html (file.js), the same code for both; the
// compare view is a dialog with two columns (text: changed words marked; images: both
// pictures). Needs common.js. Data only ever goes into the page through el() and textContent.
'use strict';

const VersionsPanel = (() => {
  // Its style sheet comes with it, so a page needs only the script tag.
  if (!document.querySelector('link[href="/static/versions.css"]')) {
    const link = document.createElement('link'); // not el(): this may run before common.js
    link.rel = 'stylesheet'; link.href = '/static/versions.css';
    document.head.append(link);
  }
  const IMAGE = /\.(png|jpe?g|gif|bmp|webp)$/i;
  const THUMBNAIL = /\.(png|jpe?g|gif|bmp)$/i; // what the server makes thumbnails of
  const ORIGIN = { fs: 'on disk', web: 'web', cli: 'command line' };
  const ACTION = { CREATE: 'created', MODIFY: 'changed', RENAME: 'renamed', DELETE: 'deleted' };

  const enc = encodeURIComponent;
  const contentUrl = (path, v, inline) => '/api/content?path=' + enc(path) + '&version=' + v + (inline ? '&inline=1' : '');
  const baseName = path => path.slice(path.lastIndexOf('/') + 1);
  const typeBadge = path => { const m = /\.([A-Za-z0-9]{1,5})$/.exec(path); return m ? m[1].toUpperCase() : 'FILE'; };
  const button = (text, cls, onclick, label) => {
    const b = el('button', { type: 'button', class: cls, text });
    if (label) b.setAttribute('aria-label', label);
    b.onclick = onclick;
    return b;
  };

  // ---- the compare dialog ----------------------------------------------------------------------

  // Two versions side by side in a modal dialog: text with changed words marked, or two images.
  async function compare(path, from, to, versions) {
    const withContent = versions.filter(v => v.hash && v.available);
    const pick = (id, value, label) => {
      const s = el('select', { id }, ...withContent.map(v => el('option', { value: v.version, text: 'version ' + v.version })));
      s.value = value;
      return el('label', {}, label + ' ', s);
    };
    const body = el('div', { class: 'compare-body' });
    const title = el('h2', { text: 'Compare versions of ' + baseName(path) });
    const close = el('button', { type: 'button', class: 'btn-quiet compare-close', text: 'Close' });
    const form = el('form', { class: 'compare-pick' }, pick('compare-from', from, 'Old'), pick('compare-to', to, 'New'),
      el('button', { type: 'submit', class: 'btn-primary', text: 'Compare' }));
    const d = el('dialog', { class: 'dialog compare-dialog' }, el('div', { class: 'compare-head' }, title, close), form, body);
    d.setAttribute('aria-label', 'Compare versions of ' + baseName(path));
    close.onclick = () => d.close();
    d.addEventListener('close', () => d.remove());
    form.onsubmit = e => { e.preventDefault(); show(); };
    document.body.append(d);
    d.showModal();
    const show = async () => {
      const a = Number($('#compare-from', d).value), b = Number($('#compare-to', d).value);
      body.textContent = '';
      body.append(el('p', { class: 'state', text: 'Comparing version ' + a + ' with version ' + b + '…' }));
      if (IMAGE.test(path)) { body.textContent = ''; body.append(imagePair(path, a, b)); return; }
      try {
        const r = await api('GET', `/api/diff/sides?path=${enc(path)}&from=${a}&to=${b}`);
        body.textContent = '';
        if (r.identical) body.append(el('p', { class: 'state', text: 'Versions ' + a + ' and ' + b + ' have the same content.' }));
        else if (r.binary) body.append(el('p', { class: 'state', text: 'These versions are not text; download them to compare.' }));
        else body.append(sideBySide(r));
      } catch (err) { body.textContent = ''; body.append(el('p', { class: 'state error', text: err.message })); }
    };
    await show();
    close.focus();
    return d;
  }

  function imagePair(path, a, b) {
    const fig = v => el('figure', {}, el('img', { src: contentUrl(path, v, true), alt: baseName(path) + ', version ' + v }),
      el('figcaption', { text: 'version ' + v }));
    return el('div', { class: 'image-compare' }, fig(a), fig(b));
  }

  // The server's rows as a table: line numbers and text, old on the left, new on the right.
  function sideBySide(r) {
    const cell = (side, cls) => {
      if (!side) return [el('td', { class: 'ln' }), el('td', { class: 'code empty' })];
      const code = el('td', { class: 'code ' + cls });
      for (const p of side.parts) code.append(p.changed && cls !== '' ? el(cls === 'old' ? 'del' : 'ins', { text: p.text }) : p.text);
      return [el('td', { class: 'ln', text: side.line }), code];
    };
    const tbody = el('tbody');
    for (const row of r.rows) {
      if (row.kind === 'skip') {
        const td = el('td', { class: 'skip', text: '⋯ ' + row.skipped + ' unchanged line' + (row.skipped === 1 ? '' : 's') });
        td.colSpan = 4;
        tbody.append(el('tr', { class: 'skip' }, td));
        continue;
      }
      const same = row.kind === 'same';
      tbody.append(el('tr', { class: row.kind }, ...cell(row.left, same ? '' : 'old'), ...cell(row.right, same ? '' : 'new')));
    }
    const table = el('table', { class: 'sbs' },
      el('caption', { text: 'Version ' + r.from + ' (left) and version ' + r.to + ' (right); removed words are struck, added words underlined.' }),
      el('thead', {}, el('tr', {}, el('th', { text: 'Line' }), el('th', { text: 'Version ' + r.from }), el('th', { text: 'Line' }), el('th', { text: 'Version ' + r.to }))),
      tbody);
    return el('div', { class: 'sbs-scroll', tabIndex: 0 }, table);
  }

  // ---- the preview ------------------------------------------------------------------------------

  async function preview(box, path, v) {
    box.textContent = '';
    box.hidden = false;
    box.append(el('h3', { text: 'Preview of version ' + v.version }));
    if (IMAGE.test(path)) { box.append(el('img', { src: contentUrl(path, v.version, true), alt: baseName(path) + ', version ' + v.version })); return; }
    if (v.size > 1024 * 1024) { box.append(el('p', { class: 'state', text: 'Too large to preview (' + size(v.size) + '); download it.' })); return; }
    const res = await fetch(contentUrl(path, v.version, true), { credentials: 'same-origin' });
    if (!res.ok) { box.append(el('p', { class: 'state error', text: 'The preview failed (' + res.status + ').' })); return; }
    if (!(res.headers.get('Content-Type') || '').startsWith('text/')) { box.append(el('p', { class: 'state', text: 'Not text; download it to open it.' })); return; }
    box.append(el('pre', { class: 'preview-text', tabIndex: 0, text: await res.text() }));
  }

  // ---- one file's history -------------------------------------------------------------------------

  // Renders the history of path into root. opts.fullPage: the file page (no close button, a
  // bigger preview); opts.previewBox: where previews go (else inside the panel); opts.onClose.
  function render(root, path, opts = {}) {
    const state = { path, versions: [], destroyed: false };
    root.textContent = '';
    // full-page the file's name is the page's h1 already
    const heading = el('h2', { class: 'panel-title', id: 'versions-title', text: opts.fullPage ? 'Versions' : baseName(path) || 'shared folder' });
    const head = el('div', { class: 'panel-head' }, heading);
    if (!opts.fullPage) head.append(button('×', 'btn-quiet panel-close', () => opts.onClose && opts.onClose(), 'Close the versions panel'));
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const where = el('p', { class: 'panel-path', text: folder ? 'in ' + folder : 'in the shared folder' });
    const status = el('p', { class: 'state', id: 'versions-state', text: 'Loading the history…' });
    status.setAttribute('role', 'status');
    const list = el('ol', { class: 'versions', id: 'versions-list' });
    list.setAttribute('aria-labelledby', 'versions-title');
    const box = opts.previewBox || el('section', { class: 'panel-preview', id: 'panel-preview', hidden: true });
    const asOf = asOfForm(state, list, status);
    if (opts.fullPage) root.append(head, status, asOf, list);
    else root.append(head, where, status, asOf, list);
    if (!opts.previewBox) root.append(box);

    // First what became of the path (a 200 either way), so a moved or unknown path is told
    // without a failed request; then its history.
    let known = false;
    const load = async () => {
      let data;
      try {
        if (!known) {
          const w = await api('GET', '/api/whereabouts?path=' + enc(path));
          if (w.state !== 'live' && !(w.state === 'deleted' && !w.moved_to)) { missing(w); return null; }
          known = true;
        }
        data = await api('GET', '/api/history?path=' + enc(path));
      } catch (err) { missing(null, err); return null; }
      // drawn again only when it changed, and the keyboard focus stays on the same action
      const same = JSON.stringify(data) === state.drawn;
      state.drawn = JSON.stringify(data);
      state.versions = data.versions;
      if (same) return data;
      const f = document.activeElement;
      const keep = f && list.contains(f) && f.closest('li') ? [f.closest('li').dataset.version, f.className] : null;
      status.className = 'state';
      status.textContent = data.deleted ? 'This file is deleted; restore one of its versions to bring it back.'
        : data.versions.length + ' version' + (data.versions.length === 1 ? '' : 's') + ', newest first.';
      asOf.hidden = false;
      list.textContent = '';
      const newest = data.versions[data.versions.length - 1];
      for (const v of [...data.versions].reverse()) list.append(item(v, v === newest && !data.deleted, data.versions));
      if (keep) {
        const li = list.querySelector(`li[data-version="${keep[0]}"]`);
        const again = li && [...li.querySelectorAll('button, a')].find(e => e.className === keep[1]);
        if (again) again.focus();
      }
      return data;
    };

    // A path with no history here: say what became of it (moved to …, with a link), or that
    // there is no such file, or the error as the server said it.
    const missing = (w, err) => {
      list.textContent = '';
      asOf.hidden = true;
      status.className = 'state error';
      status.textContent = '';
      const link = to => el('a', { href: '/file?path=' + enc(to), class: 'moved-to', text: to });
      if (w && w.state === 'moved') status.append('This file was renamed or moved to ', link(w.moved_to), '.');
      else if (w && w.state === 'deleted') status.append('This file was moved to ', link(w.moved_to), ' and deleted there since.');
      else if (w) status.textContent = 'No such file: revkeep has no history for ' + path + '.';
      else status.textContent = err.message;
    };

    const item = (v, current, all) => {
      const li = el('li', { class: 'version' + (v.hash ? '' : ' deleted') + (current ? ' current' : ''), 'data-version': v.version });
      const label = 'version ' + v.version;
      const thumb = v.hash && v.available && THUMBNAIL.test(path)
        ? el('img', { class: 'thumb', src: '/api/thumbnail?path=' + enc(path) + '&version=' + v.version, alt: '', loading: 'lazy' })
        : el('span', { class: 'thumb badge', text: v.hash ? typeBadge(path) : '—' });
      thumb.setAttribute('aria-hidden', 'true');
      const title = el('div', { class: 'version-title' }, el('strong', { text: 'Version ' + v.version }));
      if (current) title.append(' ', el('span', { class: 'pill', text: 'current' }));
      if (!v.hash) title.append(' ', el('span', { class: 'pill warn', text: 'deleted' }));
      const what = (ACTION[v.action] || v.action.toLowerCase()) + (v.action === 'RENAME' || v.path !== path ? ' as ' + v.path : '');
      const meta = el('div', { class: 'version-meta' },
        el('span', { class: 'who', text: v.user || 'unknown' }), ' · ', timeEl(v.time), ' · ',
        el('span', { class: 'origin', text: ORIGIN[v.origin] || v.origin || 'origin unknown' }),
        v.hash ? ' · ' : '', v.hash ? el('span', { class: 'size', text: size(v.size) }) : '');
      const detail = el('div', { class: 'version-detail', text: what + (v.change_set ? ' · change set ' + shortId(v.change_set) : '') });
      if (v.change_set) detail.title = 'change set ' + v.change_set;
      const actions = el('div', { class: 'version-actions' });
      if (v.hash && v.available) {
        actions.append(button('Preview', 'preview', () => preview(box, path, v).then(() => box.scrollIntoView({ block: 'nearest' })), 'Preview ' + label));
        const dl = el('a', { class: 'btn download', href: contentUrl(path, v.version), text: 'Download' });
        dl.setAttribute('aria-label', 'Download ' + label);
        actions.append(dl);
        if (me && me.role !== 'viewer' && !current) actions.append(button('Restore', 'restore', () => restore(v), 'Restore ' + label));
        const older = all.filter(o => o.version < v.version && o.hash && o.available);
        if (older.length) actions.append(button('Compare', 'compare', () => compare(path, older[older.length - 1].version, v.version, all), 'Compare ' + label + ' with the one before'));
      } else if (v.hash) {
        actions.append(el('span', { class: 'note', text: 'bytes removed by retention' }));
      }
      li.append(el('div', { class: 'version-row' }, thumb, el('div', { class: 'version-body' }, title, meta, detail, actions)));
      return li;
    };

    // Restore: ask first, write, then a toast with Undo; the list follows once it is recorded.
    const restore = async v => {
      const ok = await confirmDialog({ title: 'Restore version ' + v.version + '?',
        text: 'Version ' + v.version + ' of ' + baseName(path) + ' becomes its newest version. The current content stays in the history.',
        ok: 'Restore' });
      if (!ok) return;
      const before = state.versions.length;
      try {
        const r = await api('POST', '/api/restore', { path, version: v.version });
        if (r.unchanged) { toast(baseName(path) + ' already has the content of version ' + v.version + '.'); return; }
        toast('Restored version ' + v.version + ' of ' + baseName(path) + '.', { changeSet: r.change_set, onUndone: () => follow(state.versions.length) });
        follow(before);
      } catch (err) { toast(err.message, { isError: true }); }
    };

    // Reloads until the history has more than `count` versions (the listener records the write).
    const follow = async count => {
      for (let i = 0; i < 40 && !state.destroyed; i++) {
        const d = await load();
        if (!d || d.versions.length > count) return;
        await new Promise(r => setTimeout(r, 250));
      }
    };

    const ready = load();
    return { reload: load, ready, destroy: () => { state.destroyed = true; } };
  }

  // "As of": the version the file had at a moment (never a moment to come).
  function asOfForm(state, list, status) {
    const input = el('input', { type: 'datetime-local', id: 'asof-input', step: 1 });
    const msg = el('span', { class: 'asof-msg', id: 'asof-msg' });
    msg.setAttribute('role', 'status');
    // noValidate: the page says why a moment is refused (the browser would only block it)
    const form = el('form', { class: 'asof', id: 'asof', hidden: true, noValidate: true },
      el('label', { htmlFor: 'asof-input', text: 'Version as of' }), input, el('button', { type: 'submit', text: 'Show' }), msg);
    form.onsubmit = e => {
      e.preventDefault();
      for (const li of list.querySelectorAll('li.asof-hit')) li.classList.remove('asof-hit');
      msg.className = 'asof-msg';
      if (!input.value) { msg.textContent = 'Pick a date and time first.'; msg.classList.add('error'); return; }
      const at = new Date(input.value);
      if (at.getTime() > Date.now()) {
        msg.textContent = 'That moment is in the future; revkeep can only show how the file was up to now.';
        msg.classList.add('error');
        return;
      }
      const then = state.versions.filter(v => new Date(v.time) <= at).pop();
      if (!then) { msg.textContent = 'The file did not exist yet at that moment.'; return; }
      if (!then.hash) { msg.textContent = 'The file was deleted at that moment (version ' + then.version + ').'; }
      else msg.textContent = 'At that moment the file was version ' + then.version + '.';
      const li = list.querySelector(`li[data-version="${then.version}"]`);
      if (li) { li.classList.add('asof-hit'); const b = li.querySelector('button') || li; b.focus(); li.scrollIntoView({ block: 'nearest' }); }
    };
    const setMax = () => { const d = new Date(Date.now() - new Date().getTimezoneOffset() * 60000); input.max = d.toISOString().slice(0, 19); };
    input.addEventListener('focus', setMax);
    setMax();
    return form;
  }

  // ---- the panel beside the listing ------------------------------------------------------------

  let open = null, returnFocus = null;
  function show(aside, path, takeFocus) {
    if (open) open.destroy();
    if (takeFocus || !open) returnFocus = document.activeElement;
    aside.hidden = false;
    document.body.classList.add('panel-open');
    open = render(aside, path, { onClose: () => hide(aside) });
    const title = $('#versions-title', aside);
    if (title) { title.tabIndex = -1; if (takeFocus) title.focus(); }
  }
  function hide(aside) {
    if (open) open.destroy();
    open = null;
    aside.hidden = true;
    aside.textContent = '';
    document.body.classList.remove('panel-open');
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  }
  document.addEventListener('revkeep:select', e => {
    const aside = $('#versions-panel');
    if (aside && e.detail && e.detail.path) show(aside, e.detail.path, e.detail.focus !== false);
  });
  document.addEventListener('keydown', e => {
    const aside = $('#versions-panel');
    if (e.key === 'Escape' && aside && !aside.hidden && !document.querySelector('dialog[open]')) hide(aside);
  });

  return { render, compare, preview, show, hide };
})();
