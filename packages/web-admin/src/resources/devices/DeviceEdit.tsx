import { Edit } from 'react-admin';
import { DeviceForm, transformDevice } from './DeviceForm';

export function DeviceEdit() {
  return (
    <Edit transform={transformDevice} mutationMode="pessimistic" redirect="show">
      <DeviceForm edit />
    </Edit>
  );
}
