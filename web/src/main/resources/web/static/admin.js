// The users page (admin.html; the server serves it to admins only): roles changed after a
// confirmation, passwords reset in a form (typed twice), users removed after a confirmation.
// Needs common.js.
'use strict';

// A modal form for a user's new password, typed twice; resolves to the password or null.
function passwordDialog(name) {
  return new Promise(resolve => {
    const field = (id, text) => el('div', { class: 'field' }, el('label', { htmlFor: id, text }),
      el('input', { id, type: 'password', autocomplete: 'new-password', required: true }));
    const err = el('p', { class: 'form-error', id: 'reset-error' });
    err.setAttribute('role', 'alert');
    const save = el('button', { type: 'submit', class: 'btn-primary', id: 'reset-save', text: 'Set password' });
    const cancel = el('button', { type: 'button', id: 'reset-cancel', text: 'Cancel' });
    const form = el('form', { class: 'page-form reset-form', novalidate: true },
      el('h2', { text: 'New password for ' + name }), field('reset-password', 'New password'),
      field('reset-password-again', 'New password again'), err, el('div', { class: 'dialog-actions' }, cancel, save));
    const d = el('dialog', { class: 'dialog' }, form);
    d.setAttribute('aria-label', 'New password for ' + name);
    let result = null;
    cancel.onclick = () => d.close();
    form.onsubmit = e => {
      e.preventDefault();
      const a = $('#reset-password', d).value, b = $('#reset-password-again', d).value;
      if (a.length < 8) { err.textContent = 'The password needs at least 8 characters.'; $('#reset-password', d).focus(); return; }
      if (a !== b) { err.textContent = 'The two passwords differ; type the same one twice.'; $('#reset-password-again', d).focus(); return; }
      result = a; d.close();
    };
    d.addEventListener('close', () => { d.remove(); resolve(result); });
    document.body.append(d);
    d.showModal();
    $('#reset-password', d).focus();
  });
}

async function adminPage() {
  await header();
  const load = async () => {
    const users = await api('GET', '/api/users');
    const body = $('#users tbody'); body.textContent = '';
    for (const u of users) {
      const role = el('select', { class: 'role' }, ...['admin', 'editor', 'viewer'].map(r => el('option', { value: r, text: r })));
      role.value = u.role;
      role.setAttribute('aria-label', 'Role of ' + u.name);
      role.onchange = async () => {
        const to = role.value;
        const yes = await confirmDialog({ title: 'Change the role of ' + u.name + '?',
          text: u.name + ' becomes ' + (to === 'admin' ? 'an admin' : 'a' + (to === 'editor' ? 'n ' : ' ') + to) + ' (was ' + u.role + ').', ok: 'Change role' });
        if (!yes) { role.value = u.role; role.focus(); return; }
        try { await api('POST', '/api/users/update', { name: u.name, role: to }); toast('The role of ' + u.name + ' is now ' + to + '.'); }
        catch (err) { toast(err.message, { isError: true }); }
        await load();
        const again = document.querySelector(`#users tr[data-user="${CSS.escape(u.name)}"] select`); if (again) again.focus();
      };
      const pw = el('button', { type: 'button', class: 'reset', text: 'Reset password' });
      pw.setAttribute('aria-label', 'Reset the password of ' + u.name);
      pw.onclick = async () => {
        const p = await passwordDialog(u.name);
        pw.focus();
        if (!p) return;
        try { await api('POST', '/api/users/update', { name: u.name, password: p }); toast('The password of ' + u.name + ' is changed.'); }
        catch (err) { toast(err.message, { isError: true }); }
      };
      const rm = el('button', { type: 'button', class: 'remove btn-danger', text: 'Remove' });
      rm.setAttribute('aria-label', 'Remove ' + u.name);
      rm.onclick = async () => {
        const yes = await confirmDialog({ title: 'Remove ' + u.name + '?', text: u.name + ' can no longer log in. Their versions stay in the history.', ok: 'Remove', danger: true });
        if (!yes) { rm.focus(); return; }
        try { await api('POST', '/api/users/delete', { name: u.name }); toast(u.name + ' is removed.'); await load(); }
        catch (err) { toast(err.message, { isError: true }); }
      };
      body.append(el('tr', { 'data-user': u.name }, el('td', { class: 'name', text: u.name }), el('td', {}, role),
        el('td', {}, el('div', { class: 'user-actions' }, pw, rm))));
    }
  };
  $('#add-user').onsubmit = async e => {
    e.preventDefault();
    const err = $('#add-error');
    const name = $('#new-name').value.trim(), password = $('#new-password').value;
    if (!name) { err.textContent = 'Type a name.'; $('#new-name').focus(); return; }
    if (password.length < 8) { err.textContent = 'The password needs at least 8 characters.'; $('#new-password').focus(); return; }
    try {
      await api('POST', '/api/users', { name, password, role: $('#new-role').value });
      err.textContent = ''; toast('User ' + name + ' added.'); e.target.reset(); await load();
    } catch (x) { err.textContent = x.message; }
  };
  await load();
}

runPage(adminPage);
