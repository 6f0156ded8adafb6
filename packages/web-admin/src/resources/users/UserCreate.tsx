import { Create } from 'react-admin';
import { UserForm, transformUser } from './UserForm';

export function UserCreate() {
  return (
    <Create transform={transformUser} redirect="list">
      <UserForm />
    </Create>
  );
}
