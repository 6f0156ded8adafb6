import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy* waits 1 s by default; a react-admin list renders later than that on a 2-core machine
// that runs the whole suite at once (nodes, nginx, Chromium). Waiting is not what is tested.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  if (typeof localStorage !== 'undefined') localStorage.clear();
});
