import { Create } from 'react-admin';
import { GatewayForm, transformGatewayCreate } from './GatewayForm';

export function GatewayCreate() {
  return (
    <Create transform={transformGatewayCreate} redirect="show">
      <GatewayForm />
    </Create>
  );
}
