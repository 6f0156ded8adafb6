import { Alert, AlertTitle } from '@mui/material';
import {
  Create,
  SaveButton,
  SimpleForm,
  TextInput,
  Toolbar,
  required,
  useTranslate,
} from 'react-admin';
import { formSx } from '../../components/FormRow';
import { matches } from '../../components/validators';

/** host:port, IPv4, a name or [IPv6]. */
const validateAddress = [
  required(),
  matches(/^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'lns.validation.address'),
];

function AddToolbar() {
  return (
    <Toolbar>
      <SaveButton label="lns.servers.add" />
    </Toolbar>
  );
}

/**
 * POST /api/servers {"address"} (SPEC): the node running there saves its database aside and
 * takes a copy of the cluster's, so the form says so before anything happens.
 */
export function ServerCreate() {
  const translate = useTranslate();
  return (
    <Create title="lns.servers.add" redirect="list">
      <SimpleForm toolbar={<AddToolbar />} sx={formSx}>
        <Alert severity="warning" sx={{ mb: 2 }}>
          <AlertTitle>{translate('lns.servers.replace_title')}</AlertTitle>
          {translate('lns.servers.replace_text')}
        </Alert>
        <TextInput
          source="address"
          validate={validateAddress}
          helperText="lns.servers.address_help"
        />
      </SimpleForm>
    </Create>
  );
}
