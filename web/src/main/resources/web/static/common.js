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

// Runs a page's script once the document is parsed; what it throws is shown as the page's message.
function runPage(page) {
  document.addEventListener('DOMContentLoaded', () => {
    Promise.resolve().then(page).catch(err => message(err.message, true));
  });
}
