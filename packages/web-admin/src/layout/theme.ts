/**
 * The lns look: react-admin's default theme with a calm blue for navigation and teal for
 * actions, dense tables for long logs, and monospace where hex is shown. No web fonts are
 * fetched: the admin UI must work on networks without internet.
 */
import { defaultDarkTheme, defaultLightTheme } from 'react-admin';
import type { RaThemeOptions } from 'react-admin';

const typography = {
  fontFamily: [
    'Roboto',
    '"Segoe UI"',
    '"Helvetica Neue"',
    '"Liberation Sans"',
    '"DejaVu Sans"',
    'Arial',
    'sans-serif',
  ].join(','),
  h6: { fontWeight: 500 },
};

const components = {
  // Wide tables (frames) scroll inside their card instead of widening the whole page past the
  // app bar, as react-admin's `minWidth: fit-content` layout would.
  RaLayout: {
    styleOverrides: {
      root: { minWidth: 0, '& .RaLayout-content': { minWidth: 0 } },
    },
  },
  RaList: {
    styleOverrides: {
      root: { '& .RaList-main': { minWidth: 0 }, '& .RaList-content': { overflowX: 'auto' } },
    },
  },
  MuiTableCell: {
    styleOverrides: {
      root: { padding: '6px 10px' },
      head: { fontWeight: 600 },
    },
  },
};

export const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  palette: {
    mode: 'light',
    primary: { main: '#1f4e8c' },
    secondary: { main: '#00796b' },
    background: { default: '#f4f6f9' },
  },
  typography,
  components: { ...defaultLightTheme.components, ...components },
};

export const darkTheme: RaThemeOptions = {
  ...defaultDarkTheme,
  palette: {
    mode: 'dark',
    primary: { main: '#90b4e8' },
    secondary: { main: '#4db6ac' },
  },
  typography,
  components: { ...defaultDarkTheme.components, ...components },
};
