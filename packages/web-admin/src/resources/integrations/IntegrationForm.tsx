import {
  BooleanInput,
  CheckboxGroupInput,
  FormDataConsumer,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
} from 'react-admin';
import { formSx } from '../../components/FormRow';
import { validateName } from '../../components/validators';
import { HeadersInput } from './HeadersInput';
import { eventChoices, typeChoices } from './IntegrationList';

const validateId = [required(), validateName];

export function IntegrationForm({ edit = false }: { edit?: boolean }) {
  return (
    <SimpleForm
      defaultValues={edit ? undefined : { type: 'http', enabled: true, events: ['up', 'join'] }}
      sx={formSx}
    >
      <TextInput source="id" validate={validateId} disabled={edit} />
      <SelectInput source="type" choices={typeChoices} validate={required()} />
      <TextInput
        source="url"
        validate={required()}

        helperText="http(s)://host/path, or mqtt://host:1883 for MQTT"
      />
      <FormDataConsumer<{ type?: string }>>
        {({ formData }) =>
          formData.type === 'mqtt' ? (
            <TextInput
              source="topic"

              helperText="Default lns/devices/<devEui or devAddr>/<type>"
            />
          ) : (
            <HeadersInput source="headers" />
          )
        }
      </FormDataConsumer>
      <CheckboxGroupInput source="events" choices={eventChoices} />
      <BooleanInput source="enabled" />
    </SimpleForm>
  );
}
