import { NumberInput, SelectInput, SimpleForm, TextInput, maxValue, minValue } from 'react-admin';
import { FormRow, formSx } from '../../components/FormRow';
import { EuiInput, StationTokenInput } from '../../components/HexInputs';
import { normaliseHex } from '../../hex';
import { regionChoices } from '../../regions';

interface GatewayFormValues extends Record<string, unknown> {
  id?: string;
  location?: { lat?: number | null; lon?: number | null; alt?: number | null } | null;
  region?: string | null;
  stationToken?: string | null;
}

/**
 * Drops an empty location (the API wants all of lat and lon or none), normalises the EUI, and
 * sends an empty region or station token as null on edit (back to the node default, no token
 * asked); a new gateway without them simply has none. A token left masked is sent as the mask,
 * which the API reads as "keep the stored one".
 */
function transformGateway(data: GatewayFormValues, edit: boolean): GatewayFormValues {
  const { location, region, stationToken, ...rest } = data;
  const out: GatewayFormValues = { ...rest };
  if (typeof out.id === 'string') out.id = normaliseHex(out.id);
  if (typeof region === 'string' && region !== '') out.region = region;
  else if (edit) out.region = null;
  if (typeof stationToken === 'string' && stationToken !== '') out.stationToken = stationToken;
  else if (edit) out.stationToken = null;
  const lat = location?.lat;
  const lon = location?.lon;
  if (typeof lat === 'number' || typeof lon === 'number') {
    out.location = {
      lat: lat ?? null,
      lon: lon ?? null,
      ...(typeof location?.alt === 'number' ? { alt: location.alt } : {}),
    };
  }
  for (const readOnly of ['lastSeen', 'server', 'stats', 'protocol', 'connected']) {
    delete out[readOnly];
  }
  return out;
}

export const transformGatewayCreate = (data: GatewayFormValues) => transformGateway(data, false);
export const transformGatewayEdit = (data: GatewayFormValues) => transformGateway(data, true);

export function GatewayForm({ edit = false }: { edit?: boolean }) {
  return (
    <SimpleForm defaultValues={{ txRfChain: 0 }} sx={formSx}>
      <FormRow>
        <EuiInput source="id" isRequired disabled={edit} />
        <TextInput source="name" />
      </FormRow>
      <FormRow>
        <NumberInput
          source="location.lat"
          validate={[minValue(-90), maxValue(90)]}
          step={0.00001}
        />
        <NumberInput
          source="location.lon"
          validate={[minValue(-180), maxValue(180)]}
          step={0.00001}
        />
        <NumberInput source="location.alt" />
      </FormRow>
      <SelectInput
        source="region"
        choices={regionChoices}
        emptyText="lns.gateways.region_default"
        helperText="lns.gateways.region_help"
      />
      <StationTokenInput source="stationToken" />
      <SelectInput
        source="txRfChain"
        choices={[
          { id: 0, name: '0 (almost every gateway)' },
          { id: 1, name: '1' },
        ]}
      />
    </SimpleForm>
  );
}
