import { Edit } from 'react-admin';
import { NodeForm, transformNode } from './NodeForm';

export function NodeEdit() {
  return (
    <Edit transform={transformNode} mutationMode="pessimistic" redirect="show">
      <NodeForm edit />
    </Edit>
  );
}
