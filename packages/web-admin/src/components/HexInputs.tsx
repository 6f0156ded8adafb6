/**
 * Inputs for hex identifiers. They accept what people paste (upper case, `:`/`-`/space
 * separators, `0x`) and validate after normalising; `transformHex` normalises on submit so the
 * API gets canonical values (it would normalise them too, SPEC "HTTP").
 */
import AutorenewIcon from '@mui/icons-material/Autorenew';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { IconButton, InputAdornment, Tooltip } from '@mui/material';
import { useState } from 'react';
import { useFormContext } from 'react-hook-form';
import { TextInput, required, useNotify } from 'react-admin';
import type { TextInputProps, Validator } from 'react-admin';
import { normaliseHex, randomKeyHex, validateDevAddr, validateEui, validateKey } from '../hex';
import { validateStationToken } from './validators';
import { isMasked, useReveal } from '../providers/secrets';
import { valueAt } from './value-at';

const monoInput = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' };

type HexInputProps = Omit<TextInputProps, 'validate'> & { readonly isRequired?: boolean };

function validators(isRequired: boolean | undefined, check: Validator): Validator[] {
  return isRequired === true ? [required(), check] : [check];
}

export function EuiInput({ isRequired, helperText, ...props }: HexInputProps) {
  return (
    <TextInput
      {...props}
      validate={validators(isRequired, validateEui)}
      helperText={helperText ?? 'EUI-64: 16 hex digits, e.g. AA:55:5A:00:00:00:01:01'}
      sx={{ '& input': monoInput }}
    />
  );
}

export function DevAddrInput({ isRequired, helperText, ...props }: HexInputProps) {
  return (
    <TextInput
      {...props}
      validate={validators(isRequired, validateDevAddr)}
      helperText={helperText ?? '8 hex digits, e.g. 26011BDA'}
      sx={{ '& input': monoInput }}
    />
  );
}

/** The mask the API reads a secret back as is a valid value: saving it keeps the secret. */
function orMask(check: Validator): Validator {
  return (value, values, props) => (isMasked(value) ? undefined : check(value, values, props));
}

type SecretInputProps = HexInputProps & {
  /** The format check for a typed value (the mask always passes). */
  readonly check: Validator;
  /** What the secret is called in the buttons' labels: "Reveal key", "Hide token". */
  readonly noun: string;
  /** Makes a fresh random value for the "Generate" button; no button without it. */
  readonly generate?: () => string;
};

/**
 * A secret field, masked while typing, with a reveal button (and "generate a random one" where
 * that makes sense). An edit form starts with the API's mask; the eye then asks the server for
 * the value (admins).
 */
function SecretInput({ isRequired, helperText, check, noun, generate, ...props }: SecretInputProps) {
  const [shown, setShown] = useState(false);
  const { setValue, getValues } = useFormContext();
  const reveal = useReveal();
  const notify = useNotify();
  const toggle = async (): Promise<void> => {
    if (!shown && isMasked(getValues(props.source)) && reveal.allowed) {
      try {
        const value = valueAt(await reveal.fetch(), props.source);
        if (typeof value === 'string') setValue(props.source, value, { shouldDirty: false });
      } catch {
        notify('lns.reveal_failed', { type: 'warning' });
        return;
      }
    }
    setShown((s) => !s);
  };
  const revealLabel = `${shown ? 'Hide' : 'Reveal'} ${noun}`;
  return (
    <TextInput
      {...props}
      type={shown ? 'text' : 'password'}
      autoComplete="off"
      validate={validators(isRequired, orMask(check))}
      helperText={helperText}
      sx={{ '& input': monoInput }}
      slotProps={{
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title={revealLabel}>
                <IconButton
                  aria-label={revealLabel}
                  onClick={() => void toggle()}
                  edge={generate === undefined ? 'end' : false}
                  size="small"
                >
                  {shown ? <VisibilityOffIcon /> : <VisibilityIcon />}
                </IconButton>
              </Tooltip>
              {generate === undefined ? null : (
                <Tooltip title={`Generate a random ${noun}`}>
                  <IconButton
                    aria-label={`Generate a random ${noun}`}
                    onClick={() => {
                      setValue(props.source, generate(), {
                        shouldDirty: true,
                        shouldValidate: true,
                      });
                      setShown(true);
                    }}
                    size="small"
                  >
                    <AutorenewIcon />
                  </IconButton>
                </Tooltip>
              )}
            </InputAdornment>
          ),
        },
      }}
    />
  );
}

/** An AES-128 key: 32 hex digits, with a random-key button. */
export function KeyInput({ helperText, ...props }: HexInputProps) {
  return (
    <SecretInput
      {...props}
      check={validateKey}
      noun="key"
      generate={randomKeyHex}
      helperText={helperText ?? '128-bit key: 32 hex digits'}
    />
  );
}

/**
 * A Basics Station's token: the value of the `Authorization` header line in the Station's
 * tc.key/cups.key (server api/schemas/gateways.ts): visible ASCII, inner spaces only.
 */
export function StationTokenInput({ helperText, ...props }: HexInputProps) {
  return (
    <SecretInput
      {...props}
      check={validateStationToken}
      noun="token"
      helperText={helperText ?? 'lns.gateways.station_token_help'}
    />
  );
}

/** A form `transform` that normalises the named hex fields (absent or empty ones stay). */
export function transformHex<T extends Record<string, unknown>>(fields: readonly string[]) {
  return (data: T): T => {
    const out: Record<string, unknown> = { ...data };
    for (const field of fields) {
      const value = out[field];
      if (typeof value === 'string' && value !== '') out[field] = normaliseHex(value);
    }
    return out as T;
  };
}
