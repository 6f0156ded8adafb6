import { lazy } from 'react';
import type { ComponentType, LazyExoticComponent } from 'react';

/**
 * A page (a resource's list, show, create or edit, or the dashboard) loaded when it is first
 * shown, so that it is a chunk of its own and the login page downloads none of it. react-admin's
 * Layout wraps pages in a Suspense that shows its spinner meanwhile.
 */
export function lazyPage<K extends string>(
  load: () => Promise<Readonly<Record<K, ComponentType>>>,
  name: K,
): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}
