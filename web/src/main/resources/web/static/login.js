// The login page. Needs common.js.
'use strict';

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

runPage(loginPage);
