// Checks the gazetteer files' shape: node check-tsv.mjs PLACES.tsv LANDMARKS.tsv VARIANTS.tsv
// Exits 1 with a list of problems. Used by scripts/build-geodata.sh; cheap enough for CI too.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [placesFile, landmarksFile, variantsFile] = process.argv.slice(2);
if (!variantsFile) { console.error('usage: node check-tsv.mjs places.tsv landmarks.tsv variants.tsv'); process.exit(2); }
const here = path.dirname(fileURLToPath(import.meta.url));
const problems = [];
const PLACE_COLUMNS = ['id', 'name', 'kind', 'lon', 'lat', 'admin1', 'admin2', 'country', 'population', 'alt_names'];
const KINDS = new Set(['city', 'district', 'province', 'country', 'landmark', 'area', 'region']);
// landmarks.tsv: sites (landmark), natural areas such as valleys and ranges (area), and regions (region).
const LANDMARK_KINDS = new Set(['landmark', 'area', 'region']);

const afProvinces = new Set(fs.readFileSync(path.join(here, 'af-provinces.tsv'), 'utf8').split('\n')
  .filter(l => l && !l.startsWith('#')).slice(1).map(l => l.split('\t')[1]));

function readRows(file, columns) {
  const text = fs.readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) problems.push(`${file}: starts with a byte-order mark`);
  if (text.includes('\r')) problems.push(`${file}: has carriage returns`);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines[0] !== columns.join('\t')) problems.push(`${file}: header is not "${columns.join('\\t')}"`);
  return lines.slice(1).map((l, i) => {
    const cells = l.split('\t');
    if (cells.length !== columns.length) problems.push(`${file}:${i + 2}: ${cells.length} columns, expected ${columns.length}`);
    return { line: i + 2, ...Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ''])) };
  });
}

const ids = new Map();
function checkPlaces(file, onlyKind) {
  const rows = readRows(file, PLACE_COLUMNS);
  for (const r of rows) {
    const at = `${file}:${r.line}`;
    if (!/^-?[1-9][0-9]*$/.test(r.id)) problems.push(`${at}: id "${r.id}" is not a non-zero integer`);
    else if (ids.has(r.id)) problems.push(`${at}: id ${r.id} also at ${ids.get(r.id)}`);
    else ids.set(r.id, at);
    if (!r.name || r.name !== r.name.trim()) problems.push(`${at}: empty or padded name`);
    if (!KINDS.has(r.kind)) problems.push(`${at}: kind "${r.kind}"`);
    if (onlyKind && !onlyKind.has(r.kind)) problems.push(`${at}: kind "${r.kind}", expected one of ${[...onlyKind].join(', ')}`);
    const lon = Number(r.lon), lat = Number(r.lat);
    if (r.lon === '' || !(Math.abs(lon) <= 180)) problems.push(`${at}: lon "${r.lon}"`);
    if (r.lat === '' || !(Math.abs(lat) <= 90)) problems.push(`${at}: lat "${r.lat}"`);
    if (r.country && !/^[A-Z]{2}$/.test(r.country)) problems.push(`${at}: country "${r.country}"`);
    if (!/^[0-9]+$/.test(r.population)) problems.push(`${at}: population "${r.population}"`);
    if (r.country === 'AF' && r.kind !== 'country' && !afProvinces.has(r.admin1)) problems.push(`${at}: AF admin1 "${r.admin1}" is not a province name`);
    if (r.alt_names && r.alt_names.split('|').some(a => !a || a !== a.trim())) problems.push(`${at}: empty or padded alternative name`);
  }
  return rows;
}

const places = checkPlaces(placesFile);
const landmarks = checkPlaces(landmarksFile, LANDMARK_KINDS);
const variants = readRows(variantsFile, ['from', 'to', 'note']);
for (const v of variants) if (!v.from || !v.note) problems.push(`${variantsFile}:${v.line}: empty from or note`);

if (problems.length) {
  console.error(problems.slice(0, 50).join('\n'));
  if (problems.length > 50) console.error(`... and ${problems.length - 50} more`);
  process.exit(1);
}
console.log(`check-tsv: places.tsv ${places.length} rows, landmarks.tsv ${landmarks.length} rows, variants.tsv ${variants.length} rules: ok`);
