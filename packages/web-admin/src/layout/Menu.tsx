import MenuBookIcon from '@mui/icons-material/MenuBook';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { ListItemIcon, ListSubheader, MenuItem, Tooltip, Typography } from '@mui/material';
import { Menu as RaMenu, useSidebarState } from 'react-admin';

/** The node serves its OpenAPI reference here (bundled, works offline). */
export const API_DOCS_URL = '/api/docs';

function Section({ label }: { label: string }) {
  const [open] = useSidebarState();
  if (!open) return null;
  return (
    <ListSubheader
      disableSticky
      sx={{
        lineHeight: '32px',
        mt: 1,
        bgcolor: 'transparent',
        textTransform: 'uppercase',
        fontSize: 11,
      }}
    >
      {label}
    </ListSubheader>
  );
}

/**
 * The API reference, in a new tab so the admin stays where it was. Looks like react-admin's
 * menu items (MenuItemLink, which only links inside the app): icon, text, a tooltip when the
 * sidebar is folded.
 */
function ApiDocsItem() {
  const [open] = useSidebarState();
  const label = 'API reference';
  const item = (
    <MenuItem
      component="a"
      href={API_DOCS_URL}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`${label} (opens in a new tab)`}
      // MenuItem narrows its icons to 36 px; react-admin's items keep 40.
      sx={{ color: 'text.secondary', '& .MuiListItemIcon-root': { minWidth: 40 } }}
    >
      <ListItemIcon sx={{ color: 'text.secondary' }}>
        <MenuBookIcon />
      </ListItemIcon>
      <Typography variant="inherit" noWrap sx={{ flexGrow: 1 }}>
        {label}
      </Typography>
      <OpenInNewIcon sx={{ fontSize: 14, ml: 1 }} />
    </MenuItem>
  );
  return open ? (
    item
  ) : (
    <Tooltip title={label} placement="right">
      {item}
    </Tooltip>
  );
}

/** Resources grouped the way an operator works: network, devices, traffic, administration. */
export function Menu() {
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      <Section label="Network" />
      <RaMenu.ResourceItem name="servers" />
      <RaMenu.ResourceItem name="gateways" />
      <Section label="Devices" />
      <RaMenu.ResourceItem name="profiles" />
      <RaMenu.ResourceItem name="devices" />
      <RaMenu.ResourceItem name="nodes" />
      <Section label="Traffic" />
      <RaMenu.ResourceItem name="frames" />
      <RaMenu.ResourceItem name="events" />
      <Section label="Administration" />
      <RaMenu.ResourceItem name="users" />
      <RaMenu.ResourceItem name="integrations" />
      <ApiDocsItem />
    </RaMenu>
  );
}
