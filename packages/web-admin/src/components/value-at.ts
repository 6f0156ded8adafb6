/** The value at a dotted path of a record (`location.lat`), as react-admin sources name it. */
export function valueAt(record: unknown, source: string): unknown {
  let value: unknown = record;
  for (const part of source.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function stringAt(record: unknown, source: string): string | undefined {
  const value = valueAt(record, source);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
