import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { CreateButton, useResourceDefinition, useTranslate, usePermissions } from 'react-admin';

/**
 * What a list shows with no records: what the resource is for and, for admins, the button to
 * add the first one, instead of react-admin's bare "No results".
 */
export function EmptyState({
  icon,
  title,
  text,
  canCreate = true,
}: {
  icon?: ReactNode;
  title: string;
  text: string;
  canCreate?: boolean;
}) {
  const translate = useTranslate();
  const { hasCreate } = useResourceDefinition();
  const { permissions } = usePermissions<string>();
  return (
    <Box sx={{ textAlign: 'center', py: 8, px: 2, mx: 'auto', maxWidth: 520 }}>
      <Box sx={{ color: 'text.disabled', '& svg': { fontSize: 72 } }}>{icon}</Box>
      <Typography variant="h6" gutterBottom>
        {translate(title, { _: title })}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate(text, { _: text })}
      </Typography>
      {canCreate && hasCreate && permissions === 'admin' ? (
        <CreateButton variant="contained" />
      ) : null}
    </Box>
  );
}
