import { Edit } from 'react-admin';
import { UserForm, transformUser } from './UserForm';

/** Role change and password reset; an empty password keeps the current one (api/users.ts). */
export function UserEdit() {
  return (
    <Edit transform={transformUser} mutationMode="pessimistic" redirect="list">
      <UserForm edit />
    </Edit>
  );
}
