// The district codes of the office's map (display/data/seoul-districts.geojson), for what the config must name
// before any map is read: a camera's district. A test holds this list to the map's features; the ingest path checks
// against the map itself (districts.ts, handed in by main.ts).

/** Where the map's districts come from, as a technician finds it in the sources. */
export const MAP_DISTRICT_SOURCE = 'display/data/seoul-districts.geojson';

export const MAP_DISTRICT_CODES = [
  '11010', '11020', '11030', '11040', '11050', '11060', '11070', '11080', '11090', '11100', '11110', '11120', '11130',
  '11140', '11150', '11160', '11170', '11180', '11190', '11200', '11210', '11220', '11230', '11240', '11250',
] as const;
