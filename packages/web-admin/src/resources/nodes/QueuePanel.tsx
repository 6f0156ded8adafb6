/**
 * A node's downlink queue: the form to queue a payload (hex, text or base64 → the API's
 * base64) and the items waiting for the device's next uplink (class A) or sent at once
 * (class C). The API's field errors land on the field they name.
 */
import DeleteIcon from '@mui/icons-material/Delete';
import SendIcon from '@mui/icons-material/Send';
import {
  Box,
  Card,
  CardContent,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  BooleanInput,
  Form,
  HttpError,
  NumberInput,
  RadioButtonGroupInput,
  SaveButton,
  TextInput,
  maxValue,
  minValue,
  required,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
} from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { formatTime } from '../../components/time';
import { base64ToBytes, bytesToHex } from '../../hex';
import type { PayloadFormat } from '../../payload';
import { encodePayload, validatePayload } from '../../payload';
import type { LnsDataProvider } from '../../providers/data-provider';
import type { NodeRecord } from '../../types';

interface QueueFormValues extends FieldValues {
  fPort: number;
  format: PayloadFormat;
  payload: string;
  confirmed: boolean;
}

const formatChoices = [
  { id: 'hex', name: 'hex' },
  { id: 'text', name: 'text' },
  { id: 'base64', name: 'base64' },
];

const defaults: QueueFormValues = { fPort: 1, format: 'hex', payload: '', confirmed: false };

export function QueuePanel() {
  const record = useRecordContext<NodeRecord>();
  const dataProvider = useDataProvider<LnsDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { permissions } = usePermissions<string>();
  const [formKey, setFormKey] = useState(0);
  const devAddr = record?.id;
  const queueKey = ['lns', 'queue', devAddr];
  const queue = useQuery({
    queryKey: queueKey,
    queryFn: () => dataProvider.getQueue(devAddr ?? ''),
    enabled: devAddr !== undefined,
    refetchInterval: 5000,
  });
  if (devAddr === undefined) return null;

  const submit = async (values: FieldValues) => {
    const v = values as QueueFormValues;
    try {
      await dataProvider.queueDownlink(devAddr, {
        fPort: Number(v.fPort),
        data: encodePayload(v.format, v.payload),
        confirmed: v.confirmed,
      });
    } catch (err) {
      if (err instanceof HttpError) {
        const errors = (err.body as { errors?: Record<string, unknown> } | undefined)?.errors;
        if (errors !== undefined) {
          // The API names the base64 `data`; the person typed it in `payload`.
          const { data, ...rest } = errors;
          return data === undefined ? rest : { ...rest, payload: data };
        }
        notify(err.message, { type: 'error' });
        return undefined;
      }
      notify(err instanceof Error ? err.message : 'queueing failed', { type: 'error' });
      return undefined;
    }
    notify('lns.queue.queued', { type: 'success' });
    setFormKey((k) => k + 1);
    await queryClient.invalidateQueries({ queryKey: queueKey });
    return undefined;
  };

  const remove = async (itemId: string) => {
    try {
      await dataProvider.deleteQueued(devAddr, itemId);
      await queryClient.invalidateQueries({ queryKey: queueKey });
    } catch (err) {
      notify(err instanceof Error ? err.message : 'delete failed', { type: 'error' });
    }
  };

  const items = queue.data ?? [];
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Downlink queue
        </Typography>
        {permissions === 'admin' ? (
          <Form key={formKey} defaultValues={defaults} onSubmit={submit}>
            <Box
              sx={{
                display: 'grid',
                gridTemplateColumns: '120px 1fr',
                columnGap: 2,
                maxWidth: 880,
                alignItems: 'start',
              }}
            >
              <NumberInput
                source="fPort"
                label="FPort"
                validate={[required(), minValue(1), maxValue(223)]}
              />
              <TextInput
                source="payload"
                label="Payload"
                validate={validatePayload}
                sx={{ '& input': { fontFamily: 'ui-monospace, monospace' } }}
                helperText="e.g. 01 02 ff in hex, or any text"
              />
            </Box>
            <Box sx={{ display: 'flex', alignItems: 'center', columnGap: 3, flexWrap: 'wrap' }}>
              <RadioButtonGroupInput
                source="format"
                label="Payload as"
                choices={formatChoices}
                helperText={false}
                sx={{ width: 'auto', m: 0 }}
              />
              <BooleanInput
                source="confirmed"
                label="Confirmed"
                helperText={false}
                sx={{ width: 'auto' }}
              />
              <SaveButton label="Queue downlink" icon={<SendIcon />} alwaysEnable />
            </Box>
          </Form>
        ) : null}
        {items.length === 0 ? (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            Nothing queued.
          </Typography>
        ) : (
          <Table size="small" aria-label="queued downlinks">
            <TableHead>
              <TableRow>
                <TableCell>Queued</TableCell>
                <TableCell>FPort</TableCell>
                <TableCell>Payload (hex)</TableCell>
                <TableCell>Confirmed</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((item) => (
                <TableRow key={item.id}>
                  <TableCell>{formatTime(item.createdAt)}</TableCell>
                  <TableCell>{item.fPort}</TableCell>
                  <TableCell sx={{ fontFamily: 'ui-monospace, monospace' }}>
                    {bytesToHex(base64ToBytes(item.data))}
                  </TableCell>
                  <TableCell>{item.confirmed ? 'yes' : 'no'}</TableCell>
                  <TableCell align="right">
                    {permissions === 'admin' ? (
                      <Tooltip title="Remove from the queue">
                        <IconButton
                          size="small"
                          aria-label="Remove from the queue"
                          onClick={() => void remove(item.id)}
                        >
                          <DeleteIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
