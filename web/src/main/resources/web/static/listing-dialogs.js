// revkeep web UI: the listing page's dialogs — a one-field form (new folder, rename), a folder
// picker (move to…), a choice (upload conflicts) — and the per-row actions menu. Each is a modal
// <dialog> (Tab stays inside, Escape cancels) or a role="menu" list (arrows, Escape), built with
// el() and textContent only. Needs common.js.
'use strict';

// A modal <dialog> with a title, a body and actions; removed from the page once closed.
function modal(title, ...body) {
  const d = el('dialog', { class: 'dialog' }, el('h2', { text: title }), ...body);
  d.setAttribute('aria-label', title);
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  return d;
}

// One text field. submit(value) does the work: what it throws is shown inside the dialog, which
// stays open for another try. Resolves to submit's result, or null when cancelled.
function formDialog({ title, label, value = '', ok = 'OK', hint, submit }) {
  return new Promise(resolve => {
    const input = el('input', { type: 'text', id: 'dialog-field', value, autocomplete: 'off', spellcheck: false });
    const error = el('p', { class: 'dialog-error' });
    error.setAttribute('role', 'alert');
    const okButton = el('button', { type: 'submit', class: 'btn-primary', text: ok });
    const cancel = el('button', { type: 'button', text: 'Cancel' });
    const form = el('form', {},
      el('label', { class: 'field', htmlFor: 'dialog-field' }, label, input),
      hint ? el('p', { class: 'note', text: hint }) : '', error,
      el('div', { class: 'dialog-actions' }, cancel, okButton));
    const d = modal(title, form);
    let result = null;
    d.addEventListener('close', () => resolve(result));
    cancel.onclick = () => d.close();
    form.onsubmit = async e => {
      e.preventDefault();
      okButton.disabled = true; error.textContent = '';
      try { result = await submit(input.value.trim()); d.close(); }
      catch (err) { error.textContent = err.message; okButton.disabled = false; input.focus(); }
    };
    d.showModal();
    input.focus();
    // a name's stem selected, so typing replaces it and keeps the extension
    const dot = value.lastIndexOf('.');
    input.setSelectionRange(0, dot > 0 ? dot : value.length);
  });
}

// The sub-folders of a folder as the listing and the shared folder show them, by name.
async function subFolders(dir) {
  const [listing, disk] = await Promise.all([
    api('GET', '/api/files?dir=' + encodeURIComponent(dir) + '&limit=1000'),
    api('GET', folderUrl(dir)).catch(() => ({ folders: [] }))]);
  const names = new Set(listing.entries.filter(e => e.type === 'dir' && !e.deleted).map(e => e.name));
  for (const n of disk.folders || []) names.add(n);
  return [...names].sort(NAME_ORDER.compare);
}
const NAME_ORDER = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const joinPath = (dir, name) => dir ? dir + '/' + name : name;
const parentOf = path => path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
const baseName = path => path.slice(path.lastIndexOf('/') + 1);

// Picks a folder, starting at start. choose(dir) does the work (errors shown inside, as above).
// Resolves to choose's result, or null when cancelled.
function folderPicker({ title, start, ok = 'Move here', choose }) {
  return new Promise(resolve => {
    let here = start;
    const where = el('p', { class: 'picker-path' });
    where.setAttribute('aria-live', 'polite');
    const list = el('ul', { class: 'picker-list' });
    list.setAttribute('aria-label', 'folders');
    const error = el('p', { class: 'dialog-error' });
    error.setAttribute('role', 'alert');
    const up = el('button', { type: 'button', class: 'picker-up' }, icon('up'), 'Up');
    const okButton = el('button', { type: 'button', class: 'btn-primary picker-ok', text: ok });
    const cancel = el('button', { type: 'button', text: 'Cancel' });
    const d = modal(title, where, el('div', { class: 'toolbar' }, up), list, error,
      el('div', { class: 'dialog-actions' }, cancel, okButton));
    let result = null;
    d.addEventListener('close', () => resolve(result));
    const show = async dir => {
      here = dir; error.textContent = '';
      where.textContent = 'Destination: /' + dir;
      up.disabled = dir === '';
      list.replaceChildren(el('li', { class: 'none', text: 'Loading…' }));
      try {
        const names = await subFolders(dir);
        list.replaceChildren(...(names.length ? names.map(n => {
          const b = el('button', { type: 'button', 'data-folder': joinPath(dir, n) }, icon('folder'), n);
          b.onclick = () => show(joinPath(dir, n));
          return el('li', {}, b);
        }) : [el('li', { class: 'none', text: 'No folders in here.' })]));
      } catch (err) { list.replaceChildren(); error.textContent = err.message; }
    };
    up.onclick = () => show(parentOf(here));
    cancel.onclick = () => d.close();
    okButton.onclick = async () => {
      okButton.disabled = true; error.textContent = '';
      try { result = await choose(here); d.close(); }
      catch (err) { error.textContent = err.message; okButton.disabled = false; }
    };
    d.showModal();
    okButton.focus();
    show(start);
  });
}

// Asks which of several answers, one button each ({value, text, primary}); with all, a checkbox
// "apply to all". Resolves to {value, all} (value null when cancelled with Escape).
function choiceDialog({ title, text, choices, all }) {
  return new Promise(resolve => {
    const check = all ? el('input', { type: 'checkbox', id: 'choice-all' }) : null;
    let value = null;
    const buttons = choices.map(c => {
      const b = el('button', { type: 'button', class: c.primary ? 'btn-primary' : '', text: c.text, 'data-choice': c.value });
      b.onclick = () => { value = c.value; d.close(); };
      return b;
    });
    const d = modal(title, el('p', { text }),
      check ? el('label', { class: 'conflict-all', htmlFor: 'choice-all' }, check, ' ' + all) : '',
      el('div', { class: 'dialog-actions' }, ...buttons));
    d.addEventListener('close', () => resolve({ value, all: !!(check && check.checked) }));
    d.showModal();
    (buttons.find((b, i) => choices[i].primary) || buttons[0]).focus();
  });
}

// A decorative icon (app.css: .i-NAME).
function icon(name) {
  const i = el('span', { class: 'icon i-' + name });
  i.setAttribute('aria-hidden', 'true');
  return i;
}

// The actions menu of a row, opened from its button: items [{label, icon, danger, run}].
// Keyboard: arrows move, Home/End, Enter runs, Escape or Tab closes; focus goes back to the button.
let openMenu = null;
function showMenu(button, items) {
  closeMenu();
  const menu = el('div', { class: 'menu', id: 'row-menu' });
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', button.getAttribute('aria-label') || 'actions');
  const entries = items.map(it => {
    const b = el('button', { type: 'button', class: it.danger ? 'danger' : '', tabIndex: -1, 'data-action': it.action },
      icon(it.icon), it.label);
    b.setAttribute('role', 'menuitem');
    b.onclick = () => { closeMenu(true); it.run(); };
    return b;
  });
  menu.append(...entries);
  document.body.append(menu);
  const r = button.getBoundingClientRect();
  const h = menu.offsetHeight, w = menu.offsetWidth;
  menu.style.top = (r.bottom + h + 4 > innerHeight ? Math.max(4, r.top - h - 4) : r.bottom + 4) + 'px';
  menu.style.left = Math.max(4, Math.min(r.right - w, innerWidth - w - 4)) + 'px';
  button.setAttribute('aria-expanded', 'true');
  openMenu = { menu, button };
  menu.addEventListener('keydown', e => {
    const i = entries.indexOf(document.activeElement);
    const go = k => { e.preventDefault(); entries[(k + entries.length) % entries.length].focus(); };
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(entries.length - 1);
    else if (e.key === 'Escape') { e.preventDefault(); closeMenu(); }
    else if (e.key === 'Tab') closeMenu();
  });
  entries[0].focus();
}
function closeMenu(keepFocusAway) {
  if (!openMenu) return;
  const { menu, button } = openMenu;
  openMenu = null;
  menu.remove();
  button.setAttribute('aria-expanded', 'false');
  if (!keepFocusAway && button.isConnected) button.focus();
}
document.addEventListener('mousedown', e => { if (openMenu && !openMenu.menu.contains(e.target) && e.target !== openMenu.button) closeMenu(true); });
addEventListener('scroll', () => closeMenu(true), { passive: true });
