import { Create } from 'react-admin';
import { IntegrationForm } from './IntegrationForm';

export function IntegrationCreate() {
  return (
    <Create redirect="show">
      <IntegrationForm />
    </Create>
  );
}
