// The users page (admin.html). Needs common.js.
'use strict';

async function adminPage() {
  await header();
  const load = async () => {
    const users = await api('GET', '/api/users');
    const body = $('#users tbody'); body.textContent = '';
    for (const u of users) {
      const role = el('select', {}, ...['admin', 'editor', 'viewer'].map(r => el('option', { value: r, text: r })));
      role.value = u.role;
      role.onchange = () => api('POST', '/api/users/update', { name: u.name, role: role.value }).then(() => message('Role changed.')).catch(err => message(err.message, true)).then(load);
      const pw = el('button', { type: 'button', text: 'new password' });
      pw.onclick = () => { const p = prompt('New password for ' + u.name); if (p) api('POST', '/api/users/update', { name: u.name, password: p }).then(() => message('Password changed.')).catch(err => message(err.message, true)); };
      const rm = el('button', { type: 'button', text: 'remove' });
      rm.onclick = () => { if (confirm('Remove ' + u.name + '?')) api('POST', '/api/users/delete', { name: u.name }).then(load).catch(err => message(err.message, true)); };
      body.append(el('tr', { 'data-user': u.name }, el('td', { text: u.name }), el('td', {}, role), el('td', {}, pw, ' ', rm)));
    }
  };
  $('#add-user').onsubmit = async e => {
    e.preventDefault();
    try {
      await api('POST', '/api/users', { name: $('#new-name').value, password: $('#new-password').value, role: $('#new-role').value });
      message('User added.'); e.target.reset(); load();
    } catch (err) { message(err.message, true); }
  };
  await load();
}

runPage(adminPage);
