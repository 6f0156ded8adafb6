import { Create } from 'react-admin';
import { GatewayForm, transformGateway } from './GatewayForm';

export function GatewayCreate() {
  return (
    <Create transform={transformGateway} redirect="show">
      <GatewayForm />
    </Create>
  );
}
