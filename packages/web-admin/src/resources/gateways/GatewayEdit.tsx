import { Edit } from 'react-admin';
import { GatewayForm, transformGatewayEdit } from './GatewayForm';

export function GatewayEdit() {
  return (
    <Edit transform={transformGatewayEdit} mutationMode="pessimistic" redirect="show">
      <GatewayForm edit />
    </Edit>
  );
}
