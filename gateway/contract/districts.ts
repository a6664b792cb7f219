// The office's district list: the codes a city message may name as its
// `{district}` (contract § Topic root: a district of the office's map, or
// `city`). Pure: the composition root hands the list in (the map's,
// map-districts.ts), so the edge check is one Set lookup on the ingest path.

/** The whole city: valid everywhere, whatever the map. */
export const CITY_DISTRICT = 'city';

export interface DistrictList {
  /** The map's district codes. */
  readonly codes: ReadonlySet<string>;
  /** Where the list comes from, as a technician finds it (a rejection names it). */
  readonly source: string;
}

/** A list of `codes` read from `source`. */
export function districtList(codes: Iterable<string>, source: string): DistrictList {
  return { codes: new Set(codes), source };
}

/**
 * Why `code` is not a district of the list (a rejection's detail), or null
 * when it is one, or `city`. `code` has passed the schema (five digits or
 * `city`), so it is quoted as is.
 */
export function unknownDistrict(list: DistrictList, code: string): string | null {
  if (code === CITY_DISTRICT || list.codes.has(code)) return null;
  return `district "${code}" is not one of the ${list.codes.size} districts of the office's map (${list.source}); the city must send one of its codes or "city"`;
}
