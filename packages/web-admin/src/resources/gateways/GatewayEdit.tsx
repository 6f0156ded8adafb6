import { Edit } from 'react-admin';
import { GatewayForm, transformGateway } from './GatewayForm';

export function GatewayEdit() {
  return (
    <Edit transform={transformGateway} mutationMode="pessimistic" redirect="show">
      <GatewayForm edit />
    </Edit>
  );
}
