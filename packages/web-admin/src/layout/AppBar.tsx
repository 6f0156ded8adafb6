import { Box } from '@mui/material';
import { AppBar as RaAppBar, TitlePortal } from 'react-admin';
import { Logo } from './Logo';

export function AppBar() {
  return (
    <RaAppBar color="primary">
      <Logo />
      <Box sx={{ borderLeft: 1, borderColor: 'rgba(255,255,255,0.3)', height: 24, mr: 2 }} />
      <TitlePortal />
    </RaAppBar>
  );
}
