import { Create } from 'react-admin';
import { ProfileForm } from './ProfileForm';

export function ProfileCreate() {
  return (
    <Create redirect="show">
      <ProfileForm />
    </Create>
  );
}
