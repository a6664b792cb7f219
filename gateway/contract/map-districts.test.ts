import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAP_DISTRICT_CODES, MAP_DISTRICT_SOURCE } from './map-districts.js';

describe('the map\'s district codes', () => {
  it('are exactly the features of the map file', () => {
    const geo = JSON.parse(readFileSync(new URL(`../../${MAP_DISTRICT_SOURCE}`, import.meta.url), 'utf8')) as { features: { properties: { code: string } }[] };
    expect([...MAP_DISTRICT_CODES]).toEqual(geo.features.map((f) => f.properties.code).sort());
  });
});
