import {
  PasswordInput,
  SelectInput,
  SimpleForm,
  TextInput,
  minLength,
  required,
} from 'react-admin';
import { formSx } from '../../components/FormRow';
import { validateName } from '../../components/validators';
import { roleChoices } from './UserList';

const validateUsername = [required(), validateName];

function samePassword(value: unknown, values: Record<string, unknown>): string | undefined {
  return value === values.password ? undefined : 'lns.validation.password_mismatch';
}

/** The confirmation is for people only: the API never sees it. */
export function transformUser(data: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...data };
  delete rest.passwordConfirm;
  return rest;
}

export function UserForm({ edit = false }: { edit?: boolean }) {
  return (
    <SimpleForm defaultValues={edit ? undefined : { role: 'viewer' }} sx={formSx}>
      <TextInput
        source="id"
        label="resources.users.fields.id"
        validate={validateUsername}
        disabled={edit}
      />
      <SelectInput source="role" choices={roleChoices} validate={required()} />
      <PasswordInput
        source="password"
        label={edit ? 'lns.users.new_password' : 'resources.users.fields.password'}
        helperText={edit ? 'lns.users.keep_password' : 'lns.users.password_rules'}
        validate={edit ? [minLength(8)] : [required(), minLength(8)]}
        autoComplete="new-password"
      />
      <PasswordInput
        source="passwordConfirm"
        label="lns.users.confirm_password"
        validate={samePassword}
        autoComplete="new-password"
      />
    </SimpleForm>
  );
}
