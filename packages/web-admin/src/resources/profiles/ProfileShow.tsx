import {
  BooleanField,
  NumberField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
} from 'react-admin';
import { UnitField } from '../../components/Fields';
import { deviceClassChoices, fcntCheckChoices, macVersionChoices } from './choices';

export function ProfileShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="id" />
        <TextField source="name" emptyText="—" />
        <TextField source="region" />
        <SelectField source="macVersion" choices={macVersionChoices} />
        <SelectField source="deviceClass" choices={deviceClassChoices} />
        <BooleanField source="adr" />
        <UnitField source="rx1Delay" unit="s" />
        <NumberField source="rx1DrOffset" />
        <NumberField source="rx2Dr" />
        <UnitField source="rx2Freq" unit="Hz" />
        <SelectField source="fcntCheck" choices={fcntCheckChoices} />
      </SimpleShowLayout>
    </Show>
  );
}
