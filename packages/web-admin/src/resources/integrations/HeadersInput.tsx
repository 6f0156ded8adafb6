import { Button, TextField } from '@mui/material';
import { useState } from 'react';
import { useInput, useNotify } from 'react-admin';
import { isMasked, useReveal } from '../../providers/secrets';

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

/** True when some header value is the API's mask (a secret the server keeps). */
export function hasMaskedValue(headers: unknown): boolean {
  return typeof headers === 'object' && headers !== null && Object.values(headers).some(isMasked);
}

/**
 * The text is kept as typed (a half-typed line must not vanish) and parsed into the form value
 * on every change. Values read back from the API are masked (`Authorization: ********`) and
 * saving them so keeps the stored ones; an admin may reveal them to edit.
 */
export function HeadersInput({ source, label }: { source: string; label?: string }) {
  const { field, fieldState } = useInput({ source });
  const [text, setText] = useState(() => formatHeaders(field.value));
  const reveal = useReveal();
  const notify = useNotify();
  const showValues = async (): Promise<void> => {
    try {
      const headers = (await reveal.fetch())[source];
      setText(formatHeaders(headers));
      field.onChange(headers);
    } catch {
      notify('lns.reveal_failed', { type: 'warning' });
    }
  };
  return (
    <>
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
      {reveal.allowed && hasMaskedValue(parseHeaders(text)) ? (
        <Button size="small" onClick={() => void showValues()} sx={{ mb: 1 }}>
          Reveal header values
        </Button>
      ) : null}
    </>
  );
}
