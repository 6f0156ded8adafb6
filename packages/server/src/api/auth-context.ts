/** The user a request authenticated as, kept beside the request for the handlers after auth. */
import type { FastifyRequest } from 'fastify';
import type { PublicUser } from '../store/index.js';

const users = new WeakMap<FastifyRequest, PublicUser>();

export function setRequestUser(request: FastifyRequest, user: PublicUser): void {
  users.set(request, user);
}

/** Undefined for public routes (login) and before the auth hook ran. */
export function requestUser(request: FastifyRequest): PublicUser | undefined {
  return users.get(request);
}
