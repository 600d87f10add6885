// revkeep web UI: the kind of a file by its name's extension, and its icon (Bootstrap Icons,
// served by the web from its WebJar: IconRoutes; app.css maps each kind to its icon).
'use strict';

const FILE_KINDS = {
  image: 'png jpg jpeg gif bmp webp svg tif tiff heic ico raw cr2 nef psd',
  text: 'txt md markdown rst log ini cfg conf rtf tex',
  code: 'java js mjs ts tsx jsx py rb go rs c h cpp hpp cs php sh bash zsh ps1 bat sql html htm css scss xml json yaml yml toml kt swift pl lua r gradle properties',
  pdf: 'pdf',
  archive: 'zip tar gz tgz bz2 xz 7z rar zst jar war deb rpm iso',
  audio: 'mp3 wav flac ogg oga m4a aac opus wma',
  video: 'mp4 mkv mov avi webm wmv m4v mpg mpeg',
  spreadsheet: 'xls xlsx xlsm ods csv tsv numbers',
  document: 'doc docx odt pages ppt pptx odp key epub',
};
const KIND_OF = new Map();
for (const [kind, exts] of Object.entries(FILE_KINDS)) for (const x of exts.split(' ')) KIND_OF.set(x, kind);

// 'folder', one of FILE_KINDS' names, or 'file' (anything else).
function fileKind(entry) {
  if (entry.type === 'dir' || entry.type === 'folder') return 'folder';
  const dot = entry.name.lastIndexOf('.');
  return (dot > 0 && KIND_OF.get(entry.name.slice(dot + 1).toLowerCase())) || 'file';
}

// The entry's icon: decorative (the name beside it says what it is).
function kindIcon(entry) {
  const kind = fileKind(entry);
  const i = el('span', { class: 'icon i-' + kind, title: kind === 'file' ? 'file' : kind });
  i.setAttribute('aria-hidden', 'true');
  i.dataset.kind = kind;
  return i;
}

// What the server makes thumbnails of (GET /api/thumbnail: PNG, JPEG, GIF, BMP).
const THUMBNAILED = /\.(png|jpe?g|gif|bmp)$/i;

// An image's thumbnail in place of its icon — of the version listed, made once by the server and
// kept by the browser (a numbered version never changes); where the server makes none (too
// large, damaged) it answers the image icon (or=icon). Anything else: its icon.
function entryVisual(entry) {
  if (entry.type === 'dir' || entry.deleted || !entry.versions || !THUMBNAILED.test(entry.name)) {
    return kindIcon(entry);
  }
  const img = el('img', { class: 'thumb', alt: '', loading: 'lazy', decoding: 'async',
    src: '/api/thumbnail?path=' + encodeURIComponent(entry.path) + '&version=' + entry.versions + '&or=icon' });
  img.dataset.kind = 'image';
  img.onerror = () => img.replaceWith(kindIcon(entry));
  return img;
}
