import { Create } from 'react-admin';
import { DeviceForm, transformDevice } from './DeviceForm';

export function DeviceCreate() {
  return (
    <Create transform={transformDevice} redirect="show">
      <DeviceForm />
    </Create>
  );
}
