import { ListSubheader } from '@mui/material';
import { Menu as RaMenu, useSidebarState } from 'react-admin';

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
    </RaMenu>
  );
}
