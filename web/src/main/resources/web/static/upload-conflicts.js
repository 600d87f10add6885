// revkeep web UI: before an upload, the names that exist already. For each such file the user
// chooses: Replace (the upload becomes a new version of it), Keep both (the upload takes the
// first free name "name (2).ext", "name (3).ext"…) or Skip; "apply to all" answers the rest of
// the batch the same way. Needs common.js, listing-dialogs.js.
'use strict';

// The names in a folder holding text, live ones and deleted ones (a deleted file's name is not
// free: an upload there continues its history), from the server's filtered listing.
async function namesLike(dir, text) {
  const data = await api('GET', '/api/files?dir=' + encodeURIComponent(dir) + '&deleted=true&limit=1000&q=' + encodeURIComponent(text));
  return data.entries;
}

// "report (2).txt" for "report.txt" and 2.
function numbered(name, n) {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

// files: [{file, rel}] (rel: the path under dir). Resolves to the files to send, each with the
// name to send it under ({file, rel, name, replace}); skipped ones are left out, and reported
// through skipped(f). Resolves to null when the user cancels the question (Escape).
async function resolveConflicts(dir, files, skipped) {
  const out = [];
  const taken = new Map(); // folder → names taken there (this batch's choices included)
  let always = null;
  const conflicts = [];
  for (const f of files) {
    const slash = f.rel.lastIndexOf('/');
    const folder = joinPath(dir, slash >= 0 ? f.rel.slice(0, slash) : '');
    const name = slash >= 0 ? f.rel.slice(slash + 1) : f.rel;
    if (!taken.has(folder)) taken.set(folder, new Map());
    const names = taken.get(folder);
    if (!names.has(name)) {
      const stem = name.lastIndexOf('.') > 0 ? name.slice(0, name.lastIndexOf('.')) : name;
      try { for (const e of await namesLike(folder, stem)) names.set(e.name, e); }
      catch (err) { /* a folder not there yet: nothing in the way */ }
    }
    const there = names.get(name);
    const item = { ...f, folder, name };
    if (there && there.type === 'file' && !there.deleted) conflicts.push({ item, names });
    else { names.set(name, { name, type: 'file' }); out.push(item); }
  }
  for (let i = 0; i < conflicts.length; i++) {
    const { item, names } = conflicts[i];
    let answer = always;
    if (!answer) {
      const left = conflicts.length - i;
      const r = await choiceDialog({
        title: '“' + item.name + '” exists already',
        text: '“' + item.name + '” is already in /' + item.folder + '. Replace it (your upload becomes its newest version; ' +
          'the old one stays in its history), keep both (yours gets a new name), or skip it?',
        choices: [{ value: 'replace', text: 'Replace (new version)', primary: true },
          { value: 'both', text: 'Keep both' }, { value: 'skip', text: 'Skip' }],
        all: left > 1 ? `Apply to all ${left} files that exist already` : null });
      if (!r.value) return null;
      answer = r.value;
      if (r.all) always = answer;
    }
    if (answer === 'skip') { skipped(item); continue; }
    if (answer === 'both') {
      let n = 2;
      while (names.has(numbered(item.name, n))) n++;
      item.name = numbered(item.name, n);
    }
    item.replace = answer === 'replace';
    names.set(item.name, { name: item.name, type: 'file' });
    out.push(item);
  }
  return out;
}
