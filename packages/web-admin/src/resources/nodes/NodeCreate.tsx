import { Create } from 'react-admin';
import { NodeForm, transformNode } from './NodeForm';

/** POST /api/nodes makes an ABP node (SPEC); OTAA nodes appear by themselves on join. */
export function NodeCreate() {
  return (
    <Create transform={transformNode} redirect="show" title="lns.nodes.create_abp">
      <NodeForm />
    </Create>
  );
}
