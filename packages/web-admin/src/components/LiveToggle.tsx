import { FormControlLabel, Switch } from '@mui/material';
import { useStore } from 'react-admin';

/** Whether a log list refreshes by itself, remembered per list. */
export function useLive(key: string): [boolean, (live: boolean) => void] {
  return useStore<boolean>(`lns.live.${key}`, true);
}

/** Live refresh interval of the frame and event logs: fresh enough to watch a device join. */
export const LIVE_REFRESH_MS = 3000;

export function LiveToggle({ storeKey }: { storeKey: string }) {
  const [live, setLive] = useLive(storeKey);
  return (
    <FormControlLabel
      sx={{ ml: 1 }}
      control={<Switch size="small" checked={live} onChange={(e) => setLive(e.target.checked)} />}
      label="Live"
    />
  );
}
