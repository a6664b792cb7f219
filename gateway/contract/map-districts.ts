// The district codes of the office's map (display/data/seoul-districts.geojson): what a city message (the edge's
// check, districts.ts), a camera's configured district and the stored rows (migration 7) may name, without reading
// the map. A test holds this list to the map's features.
import { districtList, type DistrictList } from './districts.js';

/** Where the map's districts come from, as a technician finds it in the sources. */
export const MAP_DISTRICT_SOURCE = 'display/data/seoul-districts.geojson';

export const MAP_DISTRICT_CODES = [
  '11010', '11020', '11030', '11040', '11050', '11060', '11070', '11080', '11090', '11100', '11110', '11120', '11130',
  '11140', '11150', '11160', '11170', '11180', '11190', '11200', '11210', '11220', '11230', '11240', '11250',
] as const;

/** The office's districts as the edge checks city messages against them, named by the map's file. */
export const MAP_DISTRICTS: DistrictList = districtList(MAP_DISTRICT_CODES, MAP_DISTRICT_SOURCE);
