import { TextField } from '@mui/material';
import { useState } from 'react';
import { useInput } from 'react-admin';

/** `Name: value` lines (as in curl -H) ↔ the API's headers object. */
export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    if (name !== '') headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function formatHeaders(headers: unknown): string {
  if (typeof headers !== 'object' || headers === null) return '';
  return Object.entries(headers as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n');
}

/**
 * The text is kept as typed (a half-typed line must not vanish) and parsed into the form value
 * on every change.
 */
export function HeadersInput({ source, label }: { source: string; label?: string }) {
  const { field, fieldState } = useInput({ source });
  const [text, setText] = useState(() => formatHeaders(field.value));
  return (
    <TextField
      label={label ?? 'HTTP headers'}
      multiline
      minRows={2}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        field.onChange(parseHeaders(e.target.value));
      }}
      onBlur={field.onBlur}
      error={fieldState.error !== undefined}
      helperText={
        fieldState.error?.message ?? 'One "Name: value" per line, e.g. Authorization: Bearer …'
      }
      fullWidth
      sx={{ mb: 1, '& textarea': { fontFamily: 'ui-monospace, monospace' } }}
      variant="filled"
      size="small"
    />
  );
}
