// One file's page (file.html): the versions panel full-page (versions-panel.js) with the preview
// beside it, for links to a file. Needs common.js and versions-panel.js.
'use strict';

async function filePage() {
  await header();
  const path = params.get('path') || '';
  const slash = path.lastIndexOf('/');
  breadcrumbs(slash >= 0 ? path.slice(0, slash) : '', path.slice(slash + 1));
  $('#file-name').textContent = path.slice(slash + 1) || 'Versions';
  if (path) document.title = 'revkeep — ' + path.slice(slash + 1);
  const box = $('#preview');
  const panel = VersionsPanel.render($('#versions'), path, { fullPage: true, previewBox: box });
  live(ev => { if (ev.name === path || ev.from === path) panel.reload(); });
  const data = await panel.ready;
  const newest = data && [...data.versions].reverse().find(v => v.hash && v.available);
  if (newest) await VersionsPanel.preview(box, path, newest);
  else box.hidden = true;
}

runPage(filePage);
