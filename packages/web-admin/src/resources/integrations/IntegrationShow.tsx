import { Box, Button, Typography } from '@mui/material';
import { useState } from 'react';
import {
  BooleanField,
  Labeled,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  useNotify,
  useRecordContext,
} from 'react-admin';
import { useReveal } from '../../providers/secrets';
import type { IntegrationRecord } from '../../types';
import { formatHeaders, hasMaskedValue } from './HeadersInput';
import { EventsField, typeChoices } from './IntegrationList';

/** Header values come masked; an admin may ask the server for them (an audited read). */
function HeadersField() {
  const record = useRecordContext<IntegrationRecord>();
  const reveal = useReveal();
  const notify = useNotify();
  const [revealed, setRevealed] = useState<unknown>(undefined);
  const headers = revealed ?? record?.headers;
  const text = formatHeaders(headers);
  return (
    <Box>
      <Typography
        variant="body2"
        component="pre"
        sx={{ fontFamily: 'ui-monospace, monospace', m: 0 }}
      >
        {text === '' ? '—' : text}
      </Typography>
      {reveal.allowed && hasMaskedValue(headers) ? (
        <Button
          size="small"
          onClick={() => {
            reveal.fetch().then(
              (r) => setRevealed(r.headers),
              () => notify('lns.reveal_failed', { type: 'warning' }),
            );
          }}
        >
          Reveal header values
        </Button>
      ) : null}
    </Box>
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
