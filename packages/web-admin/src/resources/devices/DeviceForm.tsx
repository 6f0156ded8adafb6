import { ReferenceInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { FormRow, formSx } from '../../components/FormRow';
import { EuiInput, KeyInput, transformHex } from '../../components/HexInputs';

export const transformDevice = transformHex(['id', 'joinEui', 'appKey']);

export function DeviceForm({ edit = false }: { edit?: boolean }) {
  return (
    <SimpleForm defaultValues={edit ? undefined : { joinEui: '0000000000000000' }} sx={formSx}>
      <FormRow>
        <EuiInput source="id" isRequired disabled={edit} />
        <TextInput source="name" />
      </FormRow>
      <FormRow>
        <EuiInput source="joinEui" isRequired helperText="JoinEUI (AppEUI before LoRaWAN 1.0.4)" />
        <ReferenceInput
          source="profileId"
          reference="profiles"
          sort={{ field: 'id', order: 'ASC' }}
        >
          <SelectInput validate={required()} />
        </ReferenceInput>
      </FormRow>
      <KeyInput source="appKey" isRequired />
    </SimpleForm>
  );
}
