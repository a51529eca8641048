#!/bin/sh
# Rebuilds basemap-fixture.gpkg, the render tests' small stand-in for resources/geo/basemap.gpkg:
# hand-drawn, coarse outlines of Afghanistan and four neighbours, three provinces and eight towns,
# with the same layer and field names as the real basemap. Run from anywhere; needs ogr2ogr.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/basemap-fixture.gpkg"
rm -f "$out"
for layer in countries provinces places; do
  ogr2ogr -f GPKG -update -append -a_srs EPSG:4326 -nln "$layer" "$out" "$here/src/$layer.geojson"
done
