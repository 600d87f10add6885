// "My account" (account.html): one's own password (old + new twice) and "log out everywhere",
// for every role. Needs common.js.
'use strict';

async function accountPage() {
  await header();
  $('#account-who').textContent = 'Logged in as ' + me.user + ', ' + me.role + '.';
  const form = $('#password-form'), err = $('#password-error'), ok = $('#password-ok');
  const fields = ['#old-password', '#new-password', '#new-password-again'].map(s => $(s));
  const fail = (text, field) => {
    err.textContent = text; ok.textContent = '';
    for (const f of fields) f.removeAttribute('aria-invalid');
    if (field) { field.setAttribute('aria-invalid', 'true'); field.focus(); }
  };
  form.onsubmit = async e => {
    e.preventDefault();
    const [old, fresh, again] = fields.map(f => f.value);
    if (!old) return fail('Type your current password.', fields[0]);
    if (fresh.length < 8) return fail('The new password needs at least 8 characters.', fields[1]);
    if (fresh !== again) return fail('The two new passwords differ; type the same one twice.', fields[2]);
    const submit = $('#password-submit'); submit.disabled = true;
    try {
      await api('POST', '/api/me/password', { old, new: fresh });
      form.reset(); fail('');
      ok.textContent = 'Your password is changed. Your other sessions were logged out.';
    } catch (x) {
      fail(x.message, /old password/.test(x.message) ? fields[0] : fields[1]);
    } finally { submit.disabled = false; }
  };
  $('#logout-everywhere').onclick = async () => {
    const yes = await confirmDialog({ title: 'Log out everywhere?',
      text: 'Every session of ' + me.user + ' ends, on every device, this one too.', ok: 'Log out everywhere', danger: true });
    if (!yes) return;
    try {
      await api('POST', '/api/me/logout-everywhere');
      location.href = '/login';
    } catch (x) { $('#everywhere-error').textContent = x.message; }
  };
}

runPage(accountPage);
