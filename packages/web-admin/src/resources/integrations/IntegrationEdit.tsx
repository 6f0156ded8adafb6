import { Edit } from 'react-admin';
import { IntegrationForm } from './IntegrationForm';

export function IntegrationEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <IntegrationForm edit />
    </Edit>
  );
}
