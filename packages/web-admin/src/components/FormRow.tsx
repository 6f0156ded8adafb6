import { Box } from '@mui/material';
import type { ReactNode } from 'react';

/**
 * Short inputs side by side (they wrap on a narrow screen). react-admin inputs are full width
 * by default, which would stack every number of a profile on its own line.
 */
export function FormRow({ children }: { children: ReactNode }) {
  return (
    <Box
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        columnGap: 2,
        width: '100%',
        '& > *': { flex: '1 1 180px', minWidth: 0 },
      }}
    >
      {children}
    </Box>
  );
}

/** Forms stay readable on wide screens: one column of at most this width. */
export const formSx = { maxWidth: 880 } as const;
