import {
  NumberInput,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  maxValue,
  minValue,
  required,
} from 'react-admin';
import { FormRow, formSx } from '../../components/FormRow';
import { DevAddrInput, EuiInput, KeyInput, transformHex } from '../../components/HexInputs';

const hex = transformHex(['id', 'devEui', 'nwkSKey', 'appSKey']);

/** An empty DevEUI means "ABP node without a device": the API takes null for that. */
export function transformNode(data: Record<string, unknown>): Record<string, unknown> {
  const out = hex(data);
  if (out.devEui === '' || out.devEui === undefined) out.devEui = null;
  return out;
}

const counter = [minValue(0), maxValue(0xffff_ffff)];

export function NodeForm({ edit = false }: { edit?: boolean }) {
  return (
    <SimpleForm defaultValues={edit ? undefined : { fCntDown: 0 }} sx={formSx}>
      <FormRow>
        <DevAddrInput source="id" isRequired disabled={edit} />
        <EuiInput source="devEui" helperText="Optional: the DevEUI of this ABP device" />
      </FormRow>
      <ReferenceInput source="profileId" reference="profiles" sort={{ field: 'id', order: 'ASC' }}>
        <SelectInput validate={required()} />
      </ReferenceInput>
      <KeyInput source="nwkSKey" isRequired />
      <KeyInput source="appSKey" isRequired />
      <FormRow>
        <NumberInput source="fCntUp" validate={counter} helperText="Empty: no uplink yet" />
        <NumberInput source="fCntDown" validate={counter} />
      </FormRow>
    </SimpleForm>
  );
}
