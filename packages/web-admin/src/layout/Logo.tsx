import { Box, Typography } from '@mui/material';

/** A monospace face, so the lower-case l of "lns" cannot be read as a capital I. */
export const WORDMARK_FONT =
  '"DejaVu Sans Mono", "Liberation Mono", ui-monospace, Menlo, Consolas, monospace';

/** The lns word mark: a radio-wave glyph and the name, in text (no image to fetch). */
export function Logo() {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mr: 2 }} aria-label="lns">
      <Box
        component="svg"
        viewBox="0 0 24 24"
        sx={{ width: 26, height: 26, fill: 'none', stroke: 'currentColor', strokeWidth: 2 }}
        aria-hidden
      >
        <circle cx="12" cy="12" r="2" fill="currentColor" />
        <path d="M7.8 7.8a6 6 0 0 0 0 8.4M16.2 7.8a6 6 0 0 1 0 8.4" />
        <path d="M4.9 4.9a10 10 0 0 0 0 14.2M19.1 4.9a10 10 0 0 1 0 14.2" />
      </Box>
      <Typography
        variant="h6"
        component="span"
        sx={{ fontFamily: WORDMARK_FONT, fontWeight: 700, letterSpacing: 1, lineHeight: 1 }}
      >
        lns
      </Typography>
      <Typography
        variant="caption"
        component="span"
        sx={{ opacity: 0.75, display: { xs: 'none', md: 'inline' } }}
      >
        LoRaWAN network server
      </Typography>
    </Box>
  );
}
