/**
 * Users of the REST API and admin UI. Passwords are hashed on write and never read back; the
 * hash stays inside this file. At least one admin always remains, so nobody locks the
 * cluster out by deleting or demoting the last one.
 */
import type { Store, Table } from '@lns/db-sync';
import { StoreError } from './errors.js';
import { KeyedSerializer } from '../shared/keyed-serializer.js';
import { passwordProblem } from '../shared/password-policy.js';
import { randomBytes } from 'node:crypto';
import { defaultScryptParams, generatePassword, hashPassword, verifyPassword } from './password.js';
import type { ScryptParams } from './password.js';
import { queryArray } from './query.js';
import type { ListResult, PublicUser, RecordQuery, UserRecord, UserRole } from './types.js';

function toPublic(user: UserRecord): PublicUser {
  return { id: user.id, role: user.role };
}

export class UserRepository {
  readonly name = 'users';
  readonly label = 'user';
  readonly #table: Table<UserRecord>;
  readonly #params: ScryptParams;
  // Users are few and read on every authenticated request: cached, dropped on any change.
  readonly #cache = new Map<string, UserRecord | null>();
  #generation = 0;
  // The whole table is one lock key: the last-admin rule reads every user.
  readonly #mutex = new KeyedSerializer();
  #dummyHash: Promise<string> | undefined;

  constructor(db: Store, table: Table<UserRecord>, params: ScryptParams = defaultScryptParams) {
    this.#table = table;
    this.#params = params;
    db.onChange((event) => {
      // `reset`: a join replaced the whole database.
      if (event.source === 'reset' || event.ops.some((op) => op.table === table.name)) {
        this.#generation += 1;
        this.#cache.clear();
      }
    });
  }

  async get(id: string): Promise<PublicUser | undefined> {
    const user = await this.getRecord(id);
    return user === undefined ? undefined : toPublic(user);
  }

  /** The stored user with its password hash, from the cache when possible. */
  async getRecord(id: string): Promise<UserRecord | undefined> {
    // A name from credentials (HTTP Basic ":") may be empty; no user has that name.
    if (id === '') return undefined;
    const cached = this.#cache.get(id);
    if (cached !== undefined) return cached ?? undefined;
    const generation = this.#generation;
    const user = await this.#table.get(id);
    if (generation === this.#generation) this.#cache.set(id, user ?? null);
    return user;
  }

  async list(query: RecordQuery): Promise<ListResult<PublicUser>> {
    const users = await this.#table.list();
    return queryArray(
      users.map((e) => toPublic(e.value)),
      query,
    );
  }

  async count(): Promise<number> {
    return this.#table.count();
  }

  async create(input: { id: string; role: UserRole; password: string }): Promise<PublicUser> {
    checkPassword(input.id, input.password);
    return this.#mutex.run('users', async () => {
      if (await this.#table.has(input.id)) {
        throw new StoreError('STORE_ALREADY_EXISTS', `user ${input.id} already exists`, {
          resource: this.name,
          id: input.id,
        });
      }
      const user: UserRecord = {
        id: input.id,
        role: input.role,
        passwordHash: await hashPassword(input.password, this.#params),
        tokenGeneration: newTokenGeneration(),
      };
      await this.#table.put(user.id, user);
      return toPublic(user);
    });
  }

  /**
   * Changes role and/or password (a missing password keeps the old one). Either change voids
   * the user's login tokens (a new `tokenGeneration`).
   */
  async update(id: string, change: { role?: UserRole; password?: string }): Promise<PublicUser> {
    if (change.password !== undefined) checkPassword(id, change.password);
    return this.#mutex.run('users', async () => {
      const existing = await this.#table.get(id);
      if (existing === undefined) throw this.notFound(id);
      const role = change.role ?? existing.role;
      if (existing.role === 'admin' && role !== 'admin') await this.#assertOtherAdmin(id);
      const passwordHash =
        change.password === undefined
          ? existing.passwordHash
          : await hashPassword(change.password, this.#params);
      const changed = change.password !== undefined || role !== existing.role;
      const user: UserRecord = {
        id,
        role,
        passwordHash,
        ...(changed
          ? { tokenGeneration: newTokenGeneration() }
          : existing.tokenGeneration === undefined
            ? {}
            : { tokenGeneration: existing.tokenGeneration }),
      };
      await this.#table.put(id, user);
      return toPublic(user);
    });
  }

  remove(id: string): Promise<PublicUser> {
    return this.#mutex.run('users', async () => {
      const existing = await this.#table.get(id);
      if (existing === undefined) throw this.notFound(id);
      if (existing.role === 'admin') await this.#assertOtherAdmin(id);
      await this.#table.del(id);
      return toPublic(existing);
    });
  }

  /**
   * The user when `password` is right, else undefined. An unknown name costs the same scrypt
   * run as a wrong password, so timing does not tell which names exist.
   */
  async authenticate(username: string, password: string): Promise<PublicUser | undefined> {
    const user = await this.getRecord(username);
    if (user === undefined) {
      this.#dummyHash ??= hashPassword(generatePassword(), this.#params);
      await verifyPassword(password, await this.#dummyHash);
      return undefined;
    }
    return (await verifyPassword(password, user.passwordHash)) ? toPublic(user) : undefined;
  }

  notFound(id: string): StoreError {
    return new StoreError('STORE_NOT_FOUND', `user ${id} does not exist`, {
      resource: this.name,
      id,
    });
  }

  async #assertOtherAdmin(id: string): Promise<void> {
    for await (const entry of this.#table.iterate()) {
      if (entry.key !== id && entry.value.role === 'admin') return;
    }
    throw new StoreError(
      'STORE_LAST_ADMIN',
      `user ${id} is the last admin; make another user admin first`,
      { resource: this.name, id },
    );
  }
}

function newTokenGeneration(): string {
  return randomBytes(9).toString('base64url');
}

function checkPassword(id: string, password: string): void {
  const problem = passwordProblem(password);
  if (problem !== undefined) {
    throw new StoreError('STORE_WEAK_PASSWORD', `password ${problem}`, {
      resource: 'users',
      id,
      field: 'password',
    });
  }
}

/**
 * On a first start (no users at all) creates `admin` with role admin and `password`, or with a
 * generated password that is returned so the caller can print it once.
 */
export async function ensureAdminUser(
  store: { readonly users: UserRepository },
  password?: string,
): Promise<{ readonly created: boolean; readonly generatedPassword?: string }> {
  const users = store.users;
  if ((await users.count()) > 0) return { created: false };
  const chosen = password ?? generatePassword();
  await users.create({ id: 'admin', role: 'admin', password: chosen });
  return password === undefined ? { created: true, generatedPassword: chosen } : { created: true };
}
