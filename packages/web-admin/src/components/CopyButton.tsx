import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { IconButton, Tooltip } from '@mui/material';
import { useNotify } from 'react-admin';

/** Copies a value to the clipboard; stops the click so a row link does not open. */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const notify = useNotify();
  return (
    <Tooltip title={label}>
      <IconButton
        size="small"
        aria-label={label}
        onClick={(e) => {
          e.stopPropagation();
          e.preventDefault();
          navigator.clipboard.writeText(value).then(
            () => notify('lns.copied', { type: 'info', autoHideDuration: 1500 }),
            () => notify('lns.copy_failed', { type: 'warning' }),
          );
        }}
      >
        <ContentCopyIcon fontSize="inherit" />
      </IconButton>
    </Tooltip>
  );
}
