// revkeep web UI: plain JS, no build step. What every page shares; each page adds its own
// script (login.js, browser.js, file.js, admin.js), which runs its page on DOMContentLoaded.
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

// GETs a page starts before it needs their answers (askEarly), each answered once, to the first
// api('GET', url) of the same URL: a page's first requests go out together instead of one after
// another (the folder browser's first rows do not wait for /api/me; issue 17).
const early = new Map();
function askEarly(url) {
  const answer = api('GET', url);
  answer.catch(() => {}); // a failure is the later caller's to report, or no one's
  early.set(url, answer);
}

// A folder as it stands in the shared folder now (exists, sub-folders): one URL for every
// caller, so one asked for early (askEarly) is the one a later call finds.
const folderUrl = dir => '/api/folder?dir=' + encodeURIComponent(dir);

async function api(method, url, body) {
  if (method === 'GET' && early.has(url)) {
    const answer = early.get(url);
    early.delete(url);
    return answer;
  }
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
  // every role has its account page; a page whose header lacks the link gets it here
  if (!$('#account-link') && $('#logout')) $('#logout').before(el('a', { id: 'account-link', href: '/account', text: 'My account' }), ' ');
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

// Runs a page's script once the document is parsed; what it throws is shown as the page's message.
function runPage(page) {
  document.addEventListener('DOMContentLoaded', () => {
    Promise.resolve().then(page).catch(err => message(err.message, true));
  });
}

// ---- shared pieces of the interface -----------------------------------------------------------

// A change-set id as the web shows it: its first 8 characters (POST /api/undo, the CLI and every
// other place that takes an id accept any unique prefix of 4 or more).
const shortId = id => (id || '').slice(0, 8);

// How long ago an instant was, in words ("3 min ago", "yesterday"), for a person.
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
function ago(t, now = Date.now()) {
  const s = Math.round((new Date(t).getTime() - now) / 1000);
  const a = Math.abs(s);
  if (a < 45) return s > 0 ? RELATIVE.format(0, 'second') : 'just now';
  for (const [unit, size, upTo] of [['minute', 60, 3600], ['hour', 3600, 86400], ['day', 86400, 7 * 86400],
    ['week', 7 * 86400, 30 * 86400], ['month', 30 * 86400, 365 * 86400]]) {
    if (a < upTo) return RELATIVE.format(Math.round(s / size), unit);
  }
  return RELATIVE.format(Math.round(s / (365 * 86400)), 'year');
}

// The exact local time with its zone, for a title or a screen reader.
// (timeStyle 'long' carries the zone: Intl refuses dateStyle/timeStyle with timeZoneName.)
const exactTime = t => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });

// A <time> element saying how long ago t was, the exact time on hover; kept current each minute.
function timeEl(t) {
  if (!t) return document.createTextNode('');
  const e = el('time', { dateTime: new Date(t).toISOString(), title: exactTime(t), text: ago(t) });
  e.dataset.ago = '';
  return e;
}
setInterval(() => {
  for (const e of document.querySelectorAll('time[data-ago]')) e.textContent = ago(e.dateTime);
}, 60_000);

// Asks before something is done: a modal <dialog> (keyboard: Tab stays inside, Escape cancels).
// Resolves to true when the person confirms. danger: the confirm button is styled as destructive.
function confirmDialog({ title, text, ok = 'OK', cancel = 'Cancel', danger = false }) {
  return new Promise(resolve => {
    const okButton = el('button', { type: 'submit', value: 'ok', class: danger ? 'btn-danger' : 'btn-primary', text: ok });
    const body = typeof text === 'string' ? el('p', { text }) : text;
    const d = el('dialog', { class: 'dialog' },
      el('form', { method: 'dialog' },
        el('h2', { text: title }), body,
        el('div', { class: 'dialog-actions' }, el('button', { type: 'submit', value: 'cancel', text: cancel }), okButton)));
    d.setAttribute('aria-label', title);
    d.addEventListener('close', () => { d.remove(); resolve(d.returnValue === 'ok'); });
    document.body.append(d);
    d.showModal();
    okButton.focus();
  });
}

// A short notice at the bottom of the page, read out by screen readers. With changeSet, it has an
// "Undo" button that undoes that change set (POST /api/undo) and then calls onUndone.
function toast(text, { changeSet, onUndone, isError } = {}) {
  let area = $('#toasts');
  if (!area) {
    area = el('div', { id: 'toasts', class: 'toasts' });
    area.setAttribute('role', 'status');
    area.setAttribute('aria-live', 'polite');
    document.body.append(area);
  }
  const close = el('button', { type: 'button', class: 'btn-quiet', text: '×', title: 'Dismiss' });
  close.setAttribute('aria-label', 'Dismiss');
  const t = el('div', { class: 'toast' + (isError ? ' error' : '') }, el('span', { text }));
  if (changeSet) {
    const undo = el('button', { type: 'button', class: 'btn-quiet undo', text: 'Undo' });
    undo.onclick = async () => {
      undo.disabled = true;
      try {
        const r = await api('POST', '/api/undo', { change_set: changeSet });
        t.remove();
        toast('Undone (' + shortId(r.change_set || changeSet) + ')');
        if (onUndone) onUndone(r);
      } catch (err) { undo.disabled = false; toast(err.message, { isError: true }); }
    };
    t.append(undo);
  }
  close.onclick = () => t.remove();
  t.append(close);
  area.append(t);
  setTimeout(() => t.remove(), changeSet ? 30_000 : 8_000);
  return t;
}
