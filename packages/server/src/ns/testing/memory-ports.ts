/**
 * In-memory implementations of the ns ports for unit tests of pure pipeline logic. They
 * record what the pipeline did (frames, events, integration events, downlinks sent) so tests
 * can assert on it. The real ports live in store/ and app.ts.
 */
import type { Region } from '../../lorawan/index.js';
import type { DevAddr, Eui64 } from '../../shared/ids.js';
import type { DownlinkFrame } from '../../shared/radio.js';
import type {
  Device,
  EventRecord,
  FrameRecord,
  Gateway,
  NodeSession,
  Profile,
  QueuedDownlink,
} from '../model.js';
import type {
  Clock,
  DeviceStore,
  DownlinkQueue,
  DownlinkSender,
  GatewayStore,
  IntegrationEvent,
  NsMetrics,
  NsPorts,
  NsSink,
  ProfileStore,
  SessionStore,
  TxAckStatus,
  UplinkDropReason,
} from '../ports.js';
import type { ClassARequest, DownlinkScheduler } from '../downlink/types.js';

export class MemoryStores implements ProfileStore, GatewayStore, DeviceStore, SessionStore {
  readonly profiles = new Map<string, Profile>();
  readonly gateways = new Map<Eui64, Gateway>();
  readonly devices = new Map<Eui64, Device>();
  readonly sessions = new Map<DevAddr, NodeSession>();
  readonly devNonces = new Map<Eui64, Set<number>>();

  getProfile(id: string): Promise<Profile | undefined> {
    return Promise.resolve(this.profiles.get(id));
  }
  getGateway(gatewayEui: Eui64): Promise<Gateway | undefined> {
    return Promise.resolve(this.gateways.get(gatewayEui));
  }
  getDevice(devEui: Eui64): Promise<Device | undefined> {
    return Promise.resolve(this.devices.get(devEui));
  }
  isDevNonceUsed(devEui: Eui64, devNonce: number): Promise<boolean> {
    return Promise.resolve(this.devNonces.get(devEui)?.has(devNonce) ?? false);
  }
  commitJoin(join: {
    device: Device;
    devNonce: number;
    session: NodeSession;
    replacedDevAddr?: DevAddr;
  }): Promise<boolean> {
    const used = this.devNonces.get(join.device.id) ?? new Set<number>();
    if (used.has(join.devNonce)) return Promise.resolve(false);
    used.add(join.devNonce);
    this.devNonces.set(join.device.id, used);
    if (join.replacedDevAddr && join.replacedDevAddr !== join.session.id) {
      this.sessions.delete(join.replacedDevAddr);
    }
    this.devices.set(join.device.id, join.device);
    this.sessions.set(join.session.id, join.session);
    return Promise.resolve(true);
  }
  getSession(devAddr: DevAddr): Promise<NodeSession | undefined> {
    return Promise.resolve(this.sessions.get(devAddr));
  }
  putSession(session: NodeSession): Promise<void> {
    this.sessions.set(session.id, session);
    return Promise.resolve();
  }
  async *listSessions(): AsyncIterable<NodeSession> {
    await Promise.resolve();
    yield* [...this.sessions.values()];
  }
  isDevAddrInUse(devAddr: DevAddr): Promise<boolean> {
    return Promise.resolve(this.sessions.has(devAddr));
  }
}

export class MemoryQueue implements DownlinkQueue {
  readonly items: QueuedDownlink[] = [];
  readonly #listeners: ((item: QueuedDownlink) => void)[] = [];

  push(item: QueuedDownlink): void {
    this.items.push(item);
    for (const l of this.#listeners) l(item);
  }
  peek(devAddr: DevAddr): Promise<QueuedDownlink | undefined> {
    return Promise.resolve(this.items.find((i) => i.devAddr === devAddr));
  }
  count(devAddr: DevAddr): Promise<number> {
    return Promise.resolve(this.items.filter((i) => i.devAddr === devAddr).length);
  }
  remove(devAddr: DevAddr, id: string): Promise<void> {
    const at = this.items.findIndex((i) => i.devAddr === devAddr && i.id === id);
    if (at >= 0) this.items.splice(at, 1);
    return Promise.resolve();
  }
  onQueued(listener: (item: QueuedDownlink) => void): void {
    this.#listeners.push(listener);
  }
}

/** Records every downlink; answers with the next scripted TX_ACK status (default ok). */
export class RecordingSender implements DownlinkSender {
  readonly sent: { frame: DownlinkFrame; atMs: number }[] = [];
  readonly script: TxAckStatus[] = [];
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  send(frame: DownlinkFrame): Promise<TxAckStatus> {
    this.sent.push({ frame, atMs: this.#clock.now() });
    return Promise.resolve(this.script.shift() ?? 'ok');
  }
}

export class RecordingSink implements NsSink {
  readonly frames: Omit<FrameRecord, 'id'>[] = [];
  readonly events: Omit<EventRecord, 'id' | 'time'>[] = [];
  readonly integrations: IntegrationEvent[] = [];

  frame(frame: Omit<FrameRecord, 'id'>): void {
    this.frames.push(frame);
  }
  event(event: Omit<EventRecord, 'id' | 'time'>): void {
    this.events.push(event);
  }
  integration(event: IntegrationEvent): void {
    this.integrations.push(event);
  }
}

/** Counts every metric call so tests can assert on drop reasons and windows. */
export class CountingMetrics implements NsMetrics {
  readonly counts = new Map<string, number>();
  readonly durationsMs: number[] = [];

  #add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  uplinkReceived(): void {
    this.#add('received');
  }
  uplinkProcessed(durationMs: number): void {
    this.#add('processed');
    this.durationsMs.push(durationMs);
  }
  uplinkDropped(reason: UplinkDropReason): void {
    this.#add(`dropped:${reason}`);
  }
  downlinkSent(window: 'rx1' | 'rx2' | 'class_c'): void {
    this.#add(`sent:${window}`);
  }
  downlinkFailed(reason: string): void {
    this.#add(`failed:${reason}`);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

export interface MemoryPorts extends NsPorts {
  readonly metrics: CountingMetrics;
  readonly stores: MemoryStores;
  readonly queue: MemoryQueue;
  readonly downlinks: RecordingSender;
  readonly sink: RecordingSink;
}

export function createMemoryPorts(clock: Clock): MemoryPorts {
  const stores = new MemoryStores();
  return {
    clock,
    stores,
    profiles: stores,
    gateways: stores,
    devices: stores,
    sessions: stores,
    queue: new MemoryQueue(),
    downlinks: new RecordingSender(clock),
    sink: new RecordingSink(),
    metrics: new CountingMetrics(),
  };
}

/**
 * A DownlinkScheduler that only records what the uplink side asked for, so uplink tests need
 * no downlink logic. `failWith` makes every call reject, to test that failures are contained.
 */
export class RecordingScheduler implements DownlinkScheduler {
  readonly classA: ClassARequest[] = [];
  readonly classC: { session: NodeSession; profile: Profile; region: Region }[] = [];
  failWith: Error | undefined;

  scheduleClassA(request: ClassARequest): Promise<void> {
    this.classA.push(request);
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve();
  }
  sendClassC(session: NodeSession, profile: Profile, region: Region): Promise<void> {
    this.classC.push({ session, profile, region });
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve();
  }
}
