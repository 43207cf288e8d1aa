/**
 * Config file versions. A file without `version` is version 1 (the format of aimux 0.1); each
 * migration takes the previous version's document to the next one, keeping its meaning. A migrated
 * document is used in memory at once and written in the new form on the next save.
 *
 *   1 → 2  `routing.modelMap` becomes an ordered array of `{ match, route }` (object keys are not a
 *          reliable order: an integer-like glob such as "4" jumps to the front). The array keeps the
 *          order version 1 evaluated in (the parsed object's), so the meaning is unchanged; from
 *          then on the order is what the file says. `version: 2` is written.
 */
import { CONFIG_VERSION } from '../../../shared/config/defaults';
import { describeValue } from '../../../shared/config/schema';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const MIGRATIONS: Record<number, (doc: Obj) => Obj> = {
  1: (doc) => {
    const routing = doc.routing;
    if (!isObj(routing) || !isObj(routing.modelMap)) return { ...doc, version: 2 };
    const modelMap = Object.entries(routing.modelMap).map(([match, route]) => ({ match, route }));
    return { ...doc, version: 2, routing: { ...routing, modelMap } };
  },
};

export interface Migrated {
  doc: unknown;
  /** The version the document was written in, when it was older than the current one. */
  from?: number;
}

/** Brings a parsed config document to the current version; problems are returned, not thrown. */
export function migrateConfig(raw: unknown): Migrated | { problem: string } {
  if (!isObj(raw)) return { doc: raw };
  const v = raw.version ?? 1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return { problem: `version: expected an integer version number, got ${describeValue(v)}` };
  if (v > CONFIG_VERSION) return { problem: `version: this file was written by a newer aimux (config version ${v}; this one reads up to ${CONFIG_VERSION})` };
  let doc: Obj = raw;
  for (let from = v; from < CONFIG_VERSION; from++) doc = MIGRATIONS[from]!(doc);
  return v < CONFIG_VERSION ? { doc, from: v } : { doc };
}
