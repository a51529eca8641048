// Converts GMT's multi-segment text (gmt coast -M) to GeoJSON lines, one feature per segment,
// with the WDBII / GSHHG level GMT writes in each segment header ("> River Bin # 16979, Level 1").
//
//   node gmt2geojson.mjs <in.txt> <out.geojson>
import fs from 'node:fs';

const [input, output] = process.argv.slice(2);
const features = [];
let coords = null;
let level = -1;
const flush = () => {
  if (coords && coords.length >= 2)
    features.push({ type: 'Feature', properties: { level }, geometry: { type: 'LineString', coordinates: coords } });
  coords = null;
};
for (const line of fs.readFileSync(input, 'utf8').split('\n')) {
  if (line.startsWith('>')) {
    flush();
    const m = /Level\s+(\d+)/.exec(line);
    level = m ? Number(m[1]) : -1;
    coords = [];
  } else if (line.trim() && coords) {
    const [x, y] = line.trim().split(/\s+/).map(Number);
    if (Number.isFinite(x) && Number.isFinite(y)) coords.push([Math.round(x * 1e5) / 1e5, Math.round(y * 1e5) / 1e5]);
  }
}
flush();
fs.writeFileSync(output, JSON.stringify({ type: 'FeatureCollection', features }));
console.log(`${output}: ${features.length} segments`);
