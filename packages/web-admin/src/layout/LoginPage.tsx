import WifiTetheringIcon from '@mui/icons-material/WifiTethering';
import { Box, Typography } from '@mui/material';
import { Login, LoginForm } from 'react-admin';
import { WORDMARK_FONT } from './Logo';

/** react-admin's login form under the lns name, on a gradient (no image is fetched). */
export function LoginPage() {
  return (
    <Login
      sx={{
        backgroundImage: 'linear-gradient(135deg, #10294d 0%, #1f4e8c 55%, #00796b 100%)',
        '& .RaLogin-card': { minWidth: 340 },
        '& .RaLogin-icon': { bgcolor: 'primary.main' },
      }}
      avatarIcon={<WifiTetheringIcon />}
    >
      <Box sx={{ textAlign: 'center', px: 2 }}>
        <Typography
          variant="h5"
          component="h1"
          sx={{ fontFamily: WORDMARK_FONT, fontWeight: 700, letterSpacing: 2 }}
        >
          lns
        </Typography>
        <Typography variant="body2" color="text.secondary">
          LoRaWAN network server
        </Typography>
      </Box>
      <LoginForm />
    </Login>
  );
}
