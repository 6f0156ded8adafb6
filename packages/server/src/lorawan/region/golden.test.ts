/**
 * Region tables against the committed golden files golden/<NAME>.json. A change to any table
 * shows up as a diff here; only a deliberate `vitest -u` rewrites the files (review the diff
 * against RP002-1.0.4 before committing it).
 */
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { getRegion, regionNames, regionToJson } from './index.js';

// Every region name, the AS923 groups 2-4 included.
const names = regionNames;

/**
 * One leaf object (a data rate, a channel) or number list per line so a table reads like the
 * spec's; prettier then gives the exact layout `prettier --write` keeps.
 */
async function toGoldenJson(value: unknown, filePath: string): Promise<string> {
  const compact = JSON.stringify(value, null, 2)
    .replace(
      /\[\s+([-\d.,\s]*?)\s+\]/g,
      (_, items: string) => `[${items.split(/,\s*/).join(', ')}]`,
    )
    .replace(
      /\{\s+([^{}[\]]*?)\s+\}/g,
      (_, body: string) => `{ ${body.split(/,\s*\n\s*/).join(', ')} }`,
    );
  const options = (await resolveConfig(filePath)) ?? {};
  return format(compact, { ...options, filepath: filePath });
}

describe('region golden tables', () => {
  it.each(names)('%s matches golden/%s.json', async (name) => {
    const file = new URL(`./golden/${name}.json`, import.meta.url).pathname;
    const json = await toGoldenJson(regionToJson(getRegion(name)), file);
    await expect(json).toMatchFileSnapshot(`./golden/${name}.json`);
  });
});
