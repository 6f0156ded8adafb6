/**
 * Read-only views of hex identifiers: EUIs grouped by byte (`aa:55:5a:…`) for reading,
 * DevAddrs as 8 digits, keys masked until revealed. Each has a copy button that copies the
 * canonical value (lowercase hex, no separators), which every lns input accepts; a key's only
 * once its value is known.
 */
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { Box, IconButton, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext } from 'react-admin';
import { groupHex } from '../hex';
import { isMasked, useReveal } from '../providers/secrets';
import { CopyButton } from './CopyButton';
import { stringAt } from './value-at';

export interface HexFieldProps {
  readonly source: string;
  readonly label?: string;
  /** Hide the copy button (dense tables). */
  readonly noCopy?: boolean;
  readonly sortable?: boolean;
}

const mono = {
  fontFamily: '"Roboto Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
};

function Empty() {
  return (
    <Typography component="span" variant="body2" color="text.disabled">
      —
    </Typography>
  );
}

/** An EUI-64 shown in byte groups. */
export function EuiField({ source, noCopy }: HexFieldProps) {
  const record = useRecordContext();
  const value = stringAt(record, source);
  if (value === undefined) return <Empty />;
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
      <Typography component="span" variant="body2" sx={{ ...mono, whiteSpace: 'nowrap' }}>
        {groupHex(value)}
      </Typography>
      {noCopy === true ? null : <CopyButton value={value} label="Copy EUI" />}
    </Box>
  );
}

/** A DevAddr or other short hex value, monospaced. */
export function HexField({ source, noCopy }: HexFieldProps) {
  const record = useRecordContext();
  const value = stringAt(record, source);
  if (value === undefined) return <Empty />;
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
      <Typography component="span" variant="body2" sx={{ ...mono, whiteSpace: 'nowrap' }}>
        {value}
      </Typography>
      {noCopy === true ? null : <CopyButton value={value} />}
    </Box>
  );
}

/**
 * An AES key: dots until the eye is clicked. The API serves keys masked; the eye asks it for
 * the value (an admin's audited `?reveal=true` read), so viewers get no eye and no copy.
 */
export function KeyField({ source }: HexFieldProps) {
  const record = useRecordContext();
  const reveal = useReveal();
  const notify = useNotify();
  const [shown, setShown] = useState(false);
  const [plain, setPlain] = useState<string | undefined>(undefined);
  const value = stringAt(record, source);
  if (value === undefined) return <Empty />;
  const known = isMasked(value) ? plain : value;
  const canShow = known !== undefined || reveal.allowed;
  const toggle = async (): Promise<void> => {
    if (shown || known !== undefined) {
      setShown((s) => !s);
      return;
    }
    try {
      setPlain(stringAt(await reveal.fetch(), source));
      setShown(true);
    } catch {
      notify('lns.reveal_failed', { type: 'warning' });
    }
  };
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
      <Typography
        component="span"
        variant="body2"
        sx={{ ...mono, whiteSpace: 'nowrap' }}
        data-testid={`key-${source}`}
      >
        {shown && known !== undefined ? known : '•'.repeat(32)}
      </Typography>
      {canShow ? (
        <Tooltip title={shown ? 'Hide key' : 'Reveal key'}>
          <IconButton
            size="small"
            aria-label={shown ? 'Hide key' : 'Reveal key'}
            onClick={(e) => {
              e.stopPropagation();
              void toggle();
            }}
          >
            {shown ? (
              <VisibilityOffIcon fontSize="inherit" />
            ) : (
              <VisibilityIcon fontSize="inherit" />
            )}
          </IconButton>
        </Tooltip>
      ) : null}
      {known === undefined ? null : <CopyButton value={known} label="Copy key" />}
    </Box>
  );
}
