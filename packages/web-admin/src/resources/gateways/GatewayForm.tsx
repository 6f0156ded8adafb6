import { NumberInput, SelectInput, SimpleForm, TextInput, maxValue, minValue } from 'react-admin';
import { FormRow, formSx } from '../../components/FormRow';
import { EuiInput } from '../../components/HexInputs';
import { normaliseHex } from '../../hex';

interface GatewayFormValues extends Record<string, unknown> {
  id?: string;
  location?: { lat?: number | null; lon?: number | null; alt?: number | null } | null;
}

/** Drops an empty location (the API wants all of lat and lon or none) and normalises the EUI. */
export function transformGateway(data: GatewayFormValues): GatewayFormValues {
  const { location, ...rest } = data;
  const out: GatewayFormValues = { ...rest };
  if (typeof out.id === 'string') out.id = normaliseHex(out.id);
  const lat = location?.lat;
  const lon = location?.lon;
  if (typeof lat === 'number' || typeof lon === 'number') {
    out.location = {
      lat: lat ?? null,
      lon: lon ?? null,
      ...(typeof location?.alt === 'number' ? { alt: location.alt } : {}),
    };
  }
  for (const readOnly of ['lastSeen', 'server', 'stats']) delete out[readOnly];
  return out;
}

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
        source="txRfChain"
        choices={[
          { id: 0, name: '0 (almost every gateway)' },
          { id: 1, name: '1' },
        ]}
      />
    </SimpleForm>
  );
}
