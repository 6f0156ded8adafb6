import { Typography } from '@mui/material';
import {
  BooleanField,
  Labeled,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
} from 'react-admin';
import type { IntegrationRecord } from '../../types';
import { formatHeaders } from './HeadersInput';
import { EventsField, typeChoices } from './IntegrationList';

function HeadersField() {
  const record = useRecordContext<IntegrationRecord>();
  const text = formatHeaders(record?.headers);
  return (
    <Typography
      variant="body2"
      component="pre"
      sx={{ fontFamily: 'ui-monospace, monospace', m: 0 }}
    >
      {text === '' ? '—' : text}
    </Typography>
  );
}

export function IntegrationShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="id" />
        <SelectField source="type" choices={typeChoices} />
        <TextField source="url" />
        <TextField source="topic" emptyText="—" />
        <Labeled source="headers">
          <HeadersField />
        </Labeled>
        <EventsField label="resources.integrations.fields.events" />
        <BooleanField source="enabled" />
      </SimpleShowLayout>
    </Show>
  );
}
