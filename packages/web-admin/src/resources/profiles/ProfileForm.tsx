import {
  BooleanInput,
  NumberInput,
  SelectInput,
  SimpleForm,
  TextInput,
  maxValue,
  minValue,
  required,
} from 'react-admin';
import { FormRow, formSx } from '../../components/FormRow';
import { validateName } from '../../components/validators';
import { deviceClassChoices, fcntCheckChoices, macVersionChoices, regionChoices } from './choices';

/** EU868 defaults [RP002-1.0.4 §2.4]: RX2 at 869.525 MHz, DR0; RX1 one second after. */
export const profileDefaults = {
  region: 'EU868',
  macVersion: '1.0.3',
  deviceClass: 'A',
  adr: true,
  rx1Delay: 1,
  rx1DrOffset: 0,
  rx2Dr: 0,
  rx2Freq: 869_525_000,
  fcntCheck: 'strict32',
};

const validateId = [required(), validateName];

export function ProfileForm({ edit = false }: { edit?: boolean }) {
  return (
    <SimpleForm defaultValues={edit ? undefined : profileDefaults} sx={formSx}>
      <FormRow>
        <TextInput source="id" validate={validateId} disabled={edit} />
        <TextInput source="name" />
      </FormRow>
      <FormRow>
        <SelectInput source="region" choices={regionChoices} validate={required()} />
        <SelectInput source="macVersion" choices={macVersionChoices} validate={required()} />
        <SelectInput source="deviceClass" choices={deviceClassChoices} validate={required()} />
      </FormRow>
      <BooleanInput source="adr" />
      <FormRow>
        <NumberInput source="rx1Delay" validate={[minValue(1), maxValue(15)]} />
        <NumberInput source="rx1DrOffset" validate={[minValue(0), maxValue(7)]} />
        <NumberInput source="rx2Dr" validate={[minValue(0), maxValue(15)]} />
        <NumberInput source="rx2Freq" />
      </FormRow>
      <SelectInput source="fcntCheck" choices={fcntCheckChoices} />
    </SimpleForm>
  );
}
