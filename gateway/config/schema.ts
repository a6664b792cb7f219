// The one source of truth for office configuration: the core sections and
// every bridge's own section (declared in its folder, composed here from the
// bridge list). TS types and device-configs/schema.json derive from it.
import { resolve } from 'node:path';
import { z } from 'zod';
import { coreSections } from './core.js';
import { BRIDGES } from '../bridges/index.js';
import type { AnyDescriptor } from '../bridges/types.js';

type SectionsOf<L extends readonly AnyDescriptor[]> = {
  [D in L[number] as D['configKey']]: D['configSchema'];
};

function sectionsOf<L extends readonly AnyDescriptor[]>(list: L): SectionsOf<L> {
  const out: Record<string, z.ZodType> = {};
  for (const d of list) {
    if (d.configKey in coreSections || d.configKey in out) throw new Error(`config section "${d.configKey}" of bridge "${d.name}" is taken`);
    out[d.configKey] = d.configSchema;
  }
  return out as SectionsOf<L>;
}

/** The config schema for a list of bridges (tests compose it with a fake bridge too). */
export function buildConfigSchema<L extends readonly AnyDescriptor[]>(list: L) {
  const { office, http, dataDir, ...rest } = coreSections;
  // In file order: who, where, then each bridge's section, then the core's others.
  return z.strictObject({ office, http, dataDir, ...sectionsOf(list), ...rest }).transform((c) => {
    const sections = c as unknown as Record<string, unknown> & { office: { id: string }; dataDir: string; upstream?: { url?: string | null }; demo?: object };
    for (const d of list) if (d.resolve) sections[d.configKey] = d.resolve(sections[d.configKey], { id: sections.office.id });
    // Demo mode: no city broker configured (upstream.url null).
    const active = sections.upstream?.url == null;
    return Object.assign(c, { dataDir: resolve(sections.dataDir), demo: { ...sections.demo, active } });
  });
}

export const configSchema = buildConfigSchema(BRIDGES);
