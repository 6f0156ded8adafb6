/**
 * The node: the one object that owns a cluster node's state (state, meta, sessions, joining,
 * leaving) and wires the parts of this folder together: listener.ts and dialer.ts (links in
 * and out), roster.ts and member-status.ts (membership), join-client.ts and join-me.ts (joins),
 * positions.ts (acks), housekeeping.ts (repair, trim), peer-messages.ts and events.ts.
 * Why it is over 400 lines: what is left here reads and changes that shared state in the same
 * step (adopting a link, reacting to a removal, running a join), and splitting it further would
 * only pass the state around; each part above gets what it needs through a narrow host.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo, Server, Socket } from 'node:net';
import { sleep, systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import { silentLogger } from '../logger.js';
import type { Logger } from '../logger.js';
import { SyncError, isSyncError } from '../errors.js';
import { MEMBERS_TABLE, REMOVED_TABLE, removalKey } from '../membership/members.js';
import type { MemberRecord, MemberStatus } from '../membership/members.js';
import { serveJoin } from '../membership/join.js';
import { loadMeta, saveMeta, savePositions } from '../replication/meta.js';
import type { ClusterMeta } from '../replication/meta.js';
import type { LogPosition } from '../replication/messages.js';
import { PeerSession } from '../replication/session.js';
import type { SessionHost, SnapshotPurpose } from '../replication/session.js';
import { defaultOplogRetention } from '../replication/trim.js';
import type { OplogRetention } from '../replication/trim.js';
import { storeInternals } from '../store/index.js';
import type { Store, StoreInternals } from '../store/index.js';
import { acceptLink, dialLink, isRefusal, parseAddress } from '../transport/index.js';
import type { Link, LinkTiming, PeerHello, Refusal, RefusalReason } from '../transport/index.js';
import type { ChangeOp, WriteOp } from '../types.js';

import { defaultClusterTiming } from './api.js';
import { ClusterEventHub, ConditionWaits } from './events.js';
import { PeerMessages } from './peer-messages.js';
import { ReplicationPositions } from './positions.js';
import { Dialers } from './dialer.js';
import { Roster } from './roster.js';
import { listen } from './listener.js';
import { PeriodicTasks, errorText, repairPeers, trimByRetention } from './housekeeping.js';
import { joinOnce } from './join-client.js';
import { answerJoinMe, askToJoin, joinMeRefusal } from './join-me.js';
import { preferLink } from './links.js';
import { ConnectionGate } from './connection-limits.js';
import type { ConnectionStats } from './connection-limits.js';
import { RefusalReports } from './refusal-reports.js';
import { StatusChanges, linkStatus, peerStatus, selfStatus } from './member-status.js';
import type { JoinClientHost } from './join-client.js';
import type {
  AckResult,
  Cluster,
  ClusterEvents,
  ClusterOptions,
  ClusterState,
  ClusterTiming,
  MessageStats,
  PushResult,
  RepairResult,
} from './api.js';

/** One node of the cluster: see README "Cluster". */
export class ClusterNode implements Cluster, SessionHost {
  readonly store: Store;
  readonly internals: StoreInternals;
  readonly nodeId: string;
  readonly clock: Clock;
  readonly log: Logger;
  private readonly random: () => number;
  readonly readBatch: number;
  private readonly owned: boolean;
  private readonly options: ClusterOptions;
  private readonly timing: ClusterTiming;
  private readonly linkTiming: LinkTiming;
  private readonly retention: OplogRetention;
  private readonly startedAtMs: number;
  private meta: ClusterMeta = { clusterId: '', logId: '', joined: false, removed: false };
  private currentState: ClusterState = 'starting';
  private advertised = '';
  private server: Server | undefined;
  private readonly roster = new Roster();
  private readonly sessions = new Map<string, PeerSession>();
  private readonly dialers: Dialers;
  private readonly positions: ReplicationPositions;
  private pendingCatchUp: Set<string> | undefined;
  private joining = false;
  private joinTask: Promise<void> | undefined;
  private joinLink: Link | undefined;
  private leaving = false;
  private facts: Readonly<Record<string, string>> = {};
  private closed = false;
  private readonly abort = new AbortController();
  private readonly tasks: PeriodicTasks;
  private readonly events: ClusterEventHub;
  private readonly messages: PeerMessages;
  private readonly waits: ConditionWaits;
  private readonly refusals: RefusalReports;
  private readonly gate: ConnectionGate;
  private unsubscribe: (() => void) | undefined;
  private repairRunning = false;
  private readonly statusChanges = new StatusChanges();

  constructor(store: Store, owned: boolean, options: ClusterOptions) {
    this.facts = { ...(options.meta ?? {}) };
    this.store = store;
    this.internals = storeInternals(store);
    this.owned = owned;
    this.options = options;
    this.nodeId = options.nodeId;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.timing = { ...defaultClusterTiming, ...options.timing };
    this.retention = { ...defaultOplogRetention, ...options.retention };
    this.readBatch = options.readBatch ?? 500;
    this.linkTiming = {
      clock: this.clock,
      heartbeatMs: this.timing.heartbeatMs,
      deadAfterMs: this.timing.deadAfterMs,
    };
    this.events = new ClusterEventHub(this.log);
    this.tasks = new PeriodicTasks(this.clock, this.log);
    this.positions = new ReplicationPositions(this.clock, () => this.meta.logId);
    this.dialers = new Dialers({
      clock: this.clock,
      log: this.log,
      timing: this.timing,
      random: this.random,
      dialTarget: (peer) => this.dialTarget(peer),
      connect: (peer, address) =>
        dialLink({
          address,
          self: this.identity(),
          purpose: 'peer',
          secret: this.options.secret,
          timing: this.linkTiming,
          log: this.log,
          timeoutMs: this.timing.connectTimeoutMs,
          expectNodeId: peer,
        }),
      onLink: (link) => this.adopt(link),
      onDialFailed: (peer, address, err) => {
        this.reportDialError(err, address, peer);
        if (this.pendingCatchUp?.delete(peer) === true) this.checkCaughtUp();
      },
    });
    this.messages = new PeerMessages(this.log);
    this.waits = new ConditionWaits(this.clock, () =>
      this.closed ? this.closedError() : undefined,
    );
    this.refusals = new RefusalReports(this.clock);
    this.gate = new ConnectionGate(options.limits, this.clock, this.log);
    this.startedAtMs = this.clock.now();
  }

  // --- start ---

  async init(): Promise<void> {
    const loaded = await loadMeta(this.store);
    this.positions.reset(loaded);
    if (loaded.meta === undefined) {
      this.meta = {
        clusterId: this.options.clusterId ?? randomUUID(),
        logId: randomUUID(),
        joined: false,
        removed: false,
      };
      await saveMeta(this.store, this.meta);
    } else {
      this.meta = loaded.meta;
      if (this.options.clusterId !== undefined && this.options.clusterId !== this.meta.clusterId) {
        this.log.warn(
          { stored: this.meta.clusterId, given: this.options.clusterId },
          'stored cluster id kept',
        );
      }
    }
    await this.loadMembers();
    this.unsubscribe = this.store.onChange((event) => {
      if (event.source === 'reset') return;
      let replicated = false;
      const memberOps: ChangeOp[] = [];
      for (const op of event.ops) {
        if (op.seq !== undefined) replicated = true;
        if (op.table === MEMBERS_TABLE || op.table === REMOVED_TABLE) memberOps.push(op);
      }
      if (replicated && event.source === 'local') {
        for (const session of this.sessions.values()) session.wake();
      }
      if (memberOps.length > 0 && !this.joining) this.onMembersChanged(memberOps);
    });
    await this.listen();
    this.tasks.every(this.timing.flushIntervalMs, () => this.flushPositions());
    this.tasks.every(this.timing.trimIntervalMs, async () => {
      await this.trimOplog();
    });
    this.tasks.every(this.timing.antiEntropyIntervalMs, () => this.periodicRepair());

    const others = this.activeOthers();
    if (this.meta.loadingFrom !== undefined) {
      this.log.warn({ master: this.meta.loadingFrom }, 'interrupted join: joining again');
      this.startJoin(this.meta.loadingFrom);
    } else if (
      this.options.dbMaster !== undefined &&
      !this.meta.joined &&
      !this.meta.removed &&
      others.length === 0
    ) {
      this.startJoin(this.options.dbMaster);
    } else if (this.meta.removed || this.isRemovedMember(this.nodeId)) {
      this.setState('removed');
    } else {
      await this.ensureOwnRecord();
      this.startPeering();
    }
  }

  private async listen(): Promise<void> {
    const { server, advertised } = await listen(
      {
        host: this.options.listenHost,
        port: this.options.listenPort,
        advertise: this.options.advertise,
      },
      (socket) => this.onIncoming(socket),
      this.log,
    );
    this.server = server;
    this.advertised = advertised;
    this.log.info({ address: this.advertised, nodeId: this.nodeId }, 'cluster listening');
  }

  private async loadMembers(): Promise<void> {
    await this.roster.load(this.store);
    this.reportStatuses();
  }

  private active(nodeId: string): boolean {
    return this.roster.active(nodeId);
  }

  private isRemovedMember(nodeId: string): boolean {
    return this.roster.isRemoved(nodeId);
  }

  private activeOthers(): string[] {
    return this.roster.activeOthers(this.nodeId);
  }

  private async ensureOwnRecord(): Promise<void> {
    const own = this.roster.get(this.nodeId);
    if (own === undefined) {
      await this.putMember(this.nodeId, {
        address: this.advertised,
        state: 'member',
        addedAt: this.clock.now(),
        incarnation: randomUUID(),
      });
    } else if (own.address !== this.advertised && this.active(this.nodeId)) {
      await this.putMember(this.nodeId, { ...own, address: this.advertised });
    }
  }

  private putMember(nodeId: string, rec: MemberRecord): Promise<void> {
    return this.roster.put(this.store, nodeId, rec);
  }

  // --- public API ---

  get clusterId(): string {
    return this.meta.clusterId;
  }

  get state(): ClusterState {
    return this.currentState;
  }

  get advertise(): string {
    return this.advertised;
  }

  address(): { host: string; port: number } {
    const info = this.server?.address() as AddressInfo | null | undefined;
    return { host: info?.address ?? '', port: info?.port ?? 0 };
  }

  members(): MemberStatus[] {
    const now = this.clock.now();
    const out: MemberStatus[] = [];
    for (const [nodeId, rec] of this.roster.entries()) {
      if (!this.active(nodeId)) continue;
      if (nodeId === this.nodeId) {
        out.push({
          nodeId,
          address: rec.address,
          status: this.selfStatus(),
          self: true,
          lastSeen: now,
          lagMs: 0,
          version: this.options.version ?? null,
          uptimeS: this.uptimeS(),
          ackedSeq: this.store.oplog.lastSeq,
          inflightFrames: 0,
          bufferedBytes: 0,
          meta: this.facts,
        });
        continue;
      }
      out.push(this.peerStatus(nodeId, rec));
    }
    return out.sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  }

  private selfStatus(): MemberStatus['status'] {
    return selfStatus(this.leaving, this.currentState === 'starting');
  }

  /** Emits `member_status` for every member whose status differs from the last one told. */
  private reportStatuses(): void {
    if (this.closed) return;
    const current = new Map<string, MemberStatus['status']>();
    for (const nodeId of this.roster.ids()) {
      if (!this.active(nodeId)) continue;
      const status =
        nodeId === this.nodeId ? this.selfStatus() : linkStatus(this.sessions.get(nodeId));
      current.set(nodeId, status);
    }
    this.statusChanges.update(current, (nodeId, status) =>
      this.emit('member_status', { nodeId, status }),
    );
    this.waits.recheck();
  }

  private peerStatus(nodeId: string, rec: MemberRecord): MemberStatus {
    return peerStatus(nodeId, rec, this.sessions.get(nodeId), this.ackedSeq(nodeId));
  }

  async addMember(address: string, options: { timeoutMs?: number } = {}): Promise<MemberStatus> {
    this.assertUsable();
    parseAddress(address);
    if (address === this.advertised) {
      throw new SyncError('SYNC_INVALID_ADDRESS', 'cannot add this node to itself', { address });
    }
    const timeoutMs = options.timeoutMs ?? 10 * 60 * 1000;
    let link: Link;
    try {
      link = await dialLink({
        address,
        self: this.identity(),
        purpose: 'control',
        secret: this.options.secret,
        timing: this.linkTiming,
        log: this.log,
        timeoutMs: this.timing.connectTimeoutMs,
      });
    } catch (err) {
      this.reportDialError(err, address, undefined);
      throw err;
    }
    const peerId = link.peer.nodeId;
    const sameCluster = link.peer.clusterId === this.meta.clusterId;
    const existing = this.sessions.get(peerId);
    if (!sameCluster && existing !== undefined && !existing.closed) {
      link.close('node_id_conflict');
      throw new SyncError(
        'SYNC_JOIN_FAILED',
        `a member named ${peerId} is already up; the node at ${address} needs another name`,
        { reason: 'node_id_conflict', peer: peerId, address },
      );
    }
    await askToJoin(link, this.advertised, address);
    this.log.info({ peer: peerId, address }, 'member joining');
    await this.waitFor(
      () => {
        const rec = this.roster.get(peerId);
        return rec?.state === 'member' && this.peerStatus(peerId, rec).status === 'up';
      },
      timeoutMs,
      `${peerId} did not join within ${timeoutMs} ms`,
    );
    const rec = this.roster.get(peerId) as MemberRecord;
    return this.peerStatus(peerId, rec);
  }

  async removeMember(nodeId: string, options: { timeoutMs?: number } = {}): Promise<void> {
    this.assertUsable();
    const rec = this.roster.get(nodeId);
    if (rec === undefined || !this.active(nodeId)) {
      throw new SyncError('SYNC_NOT_A_MEMBER', `${nodeId} is not a member of this cluster`, {
        nodeId,
      });
    }
    const removal = () =>
      this.store
        .table(REMOVED_TABLE)
        .put(removalKey(nodeId, rec.incarnation), { removedAt: this.clock.now(), by: this.nodeId });
    if (nodeId !== this.nodeId) {
      await removal();
      return;
    }
    // Leaving. As with Mnesia, another member writes the removal when one is up: a row of this
    // node's origin would only spread through this node's stream, which is about to stop.
    const timeoutMs = options.timeoutMs ?? 5000;
    this.leaving = true;
    this.reportStatuses();
    try {
      const peer = this.liveSessions()[0];
      if (peer !== undefined) {
        peer.requestRemoval();
        await this.whenState('removed', timeoutMs).catch((err: unknown) => {
          // No peer wrote the removal in time: this node writes it itself below.
          if (!isSyncError(err, 'SYNC_TIMEOUT')) throw err;
          this.log.info({ peer: peer.peerId, timeoutMs }, 'removal by a peer not seen; writing it');
        });
      }
      if (this.currentState !== 'removed') {
        await removal();
        await this.waitForAcks(this.store.oplog.lastSeq, timeoutMs);
      }
    } finally {
      this.leaving = false;
      this.reportStatuses();
    }
    this.becomeRemoved(this.nodeId);
  }

  waitForAcks(seq: number, timeoutMs: number): Promise<AckResult> {
    const peers = this.activeOthers().map((nodeId) => {
      const session = this.sessions.get(nodeId);
      return { nodeId, linked: session !== undefined && !session.closed };
    });
    return this.positions.waitForAcks(seq, timeoutMs, peers);
  }

  async batch(
    ops: readonly WriteOp[],
    options: { timeoutMs: number; sync?: boolean },
  ): Promise<AckResult> {
    await this.store.batch(ops, { sync: options.sync });
    return this.waitForAcks(this.store.oplog.lastSeq, options.timeoutMs);
  }

  async push(): Promise<PushResult> {
    this.assertUsable();
    const sessions = this.liveSessions();
    const results = await Promise.allSettled(sessions.map((s) => s.push()));
    const out: PushResult = { peers: [], failed: [] };
    results.forEach((r, i) => {
      const nodeId = (sessions[i] as PeerSession).peerId;
      if (r.status === 'fulfilled') out.peers.push({ nodeId, records: r.value });
      else out.failed.push({ nodeId, error: errorText(r.reason) });
    });
    this.log.info({ peers: out.peers.length, failed: out.failed.length }, 'push done');
    return out;
  }

  async repair(): Promise<RepairResult> {
    this.assertUsable();
    return this.repairWith(this.liveSessions());
  }

  send(nodeId: string, topic: string, payload: unknown): boolean {
    const session = this.isRemovedMember(nodeId) ? undefined : this.sessions.get(nodeId);
    return this.messages.send(session, topic, payload);
  }

  onMessage(topic: string, handler: (from: string, payload: unknown) => void): () => void {
    return this.messages.onMessage(topic, handler);
  }

  messageStats(): MessageStats {
    return this.messages.stats();
  }

  connectionStats(): ConnectionStats {
    return this.gate.stats();
  }

  async trimOplog(): Promise<number> {
    if (this.closed || this.store.closed || this.joining) return this.store.oplog.trimmedSeq;
    const memberAcks: number[] = [];
    const liveAcks: number[] = [];
    for (const nodeId of this.activeOthers()) {
      const acked = this.ackedSeq(nodeId);
      memberAcks.push(acked);
      const session = this.sessions.get(nodeId);
      if (session !== undefined && !session.closed) liveAcks.push(acked);
    }
    return trimByRetention(
      this.store.oplog,
      { memberAcks, liveAcks },
      this.retention,
      this.clock.now(),
      this.log,
    );
  }

  whenState(state: ClusterState, timeoutMs: number): Promise<void> {
    return this.waitFor(
      () => this.currentState === state,
      timeoutMs,
      `state ${state} not reached in ${timeoutMs} ms (state ${this.currentState})`,
    );
  }

  on<K extends keyof ClusterEvents>(event: K, listener: (e: ClusterEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  async close(options: { abrupt?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    this.unsubscribe?.();
    this.tasks.stop();
    this.gate.close();
    this.dialers.stopAll(true);
    this.positions.finishWaits();
    this.waits.recheck();
    const server = this.server;
    const serverClosed =
      server === undefined
        ? Promise.resolve()
        : new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of this.sessions.values()) {
      if (options.abrupt === true) session.destroy('crash');
      else session.close('shutdown');
    }
    this.joinLink?.destroy('shutdown');
    await this.joinTask;
    if (options.abrupt !== true) {
      await this.positions.idle();
      await this.flushPositions().catch((err: unknown) => {
        this.log.warn({ err }, 'positions not saved at close');
      });
    }
    await serverClosed;
    if (this.owned) await this.store.close();
  }

  // --- SessionHost ---

  logId(): string {
    return this.meta.logId;
  }

  position(peer: string): LogPosition | undefined {
    return this.positions.position(peer);
  }

  setPosition(peer: string, position: LogPosition): void {
    this.positions.setPosition(peer, position);
  }

  setAcked(peer: string, seq: number): void {
    this.positions.setAcked(peer, seq);
  }

  onStreamLive(peer: string): void {
    if (this.pendingCatchUp?.delete(peer) === true) this.checkCaughtUp();
  }

  onRemoveRequest(peer: string): void {
    if (!this.active(peer) || this.currentState === 'removed') return;
    this.removeMember(peer).catch((err: unknown) =>
      this.log.warn({ err, peer }, 'removal asked by a leaving member failed'),
    );
  }

  onRemovedNotice(peer: string, incarnation: string | undefined): void {
    this.checkRemoval(peer, incarnation);
  }

  onSnapshotProgress(peer: string, purpose: SnapshotPurpose, sent: number, total: number): void {
    this.emit('snapshot_progress', { peer, purpose, sent, total });
  }

  heartbeat(): Record<string, unknown> {
    return {
      lastSeq: this.store.oplog.lastSeq,
      uptimeS: this.uptimeS(),
      version: this.options.version ?? null,
      state: this.leaving ? 'leaving' : this.currentState,
      meta: this.facts,
    };
  }

  onPeerMessage(peer: string, topic: string, payload: unknown): void {
    this.messages.deliver(peer, topic, payload);
  }

  onPeerStateChanged(): void {
    this.reportStatuses();
  }

  setMeta(meta: Readonly<Record<string, string>>): void {
    this.facts = { ...meta };
  }

  // --- links ---

  private identity(): { nodeId: string; clusterId: string } {
    return { nodeId: this.nodeId, clusterId: this.meta.clusterId };
  }

  private onIncoming(socket: Socket): void {
    if (!this.gate.admit(socket)) return;
    socket.setNoDelay(true);
    acceptLink(socket, {
      self: () => this.identity(),
      secret: this.options.secret,
      timing: this.linkTiming,
      log: this.log,
      timeoutMs: this.timing.connectTimeoutMs,
      precheck: (hello) =>
        this.closed || (this.joining && hello.purpose !== 'control')
          ? { reason: 'not_ready' }
          : undefined,
      check: (hello) => this.checkIncoming(hello),
    }).then(
      (link) => {
        this.gate.authenticated(socket);
        this.route(link);
      },
      (err: unknown) => {
        this.gate.failed(socket);
        if (isRefusal(err)) this.reportRefusal(err);
        else this.log.debug({ err }, 'incoming handshake failed');
      },
    );
  }

  private checkIncoming(hello: PeerHello): Refusal | undefined {
    if (this.closed || this.joining) return { reason: 'not_ready' };
    if (hello.purpose === 'control') return undefined;
    if (this.currentState === 'removed') return { reason: 'removed' };
    if (hello.purpose === 'peer' && this.isRemovedMember(hello.nodeId)) {
      return { reason: 'removed', incarnation: this.roster.get(hello.nodeId)?.incarnation };
    }
    return undefined;
  }

  private route(link: Link): void {
    if (link.purpose === 'peer') this.adopt(link);
    else if (link.purpose === 'join') this.serveJoiner(link);
    else this.serveControl(link);
  }

  /** Takes a new peer link, resolving two links between the same pair (see README). */
  private adopt(link: Link): void {
    const peer = link.peer.nodeId;
    if (this.closed || this.currentState === 'removed' || this.joining) {
      link.close('not_ready');
      return;
    }
    const existing = this.sessions.get(peer);
    if (existing !== undefined && !existing.closed) {
      if (!preferLink(this.nodeId, link, existing.link)) {
        link.close('duplicate');
        return;
      }
      this.sessions.delete(peer);
      existing.close('duplicate');
    }
    const session = new PeerSession(this, link);
    this.sessions.set(peer, session);
    session.onClose((close) => this.onSessionClosed(session, close.reason));
    session.start();
    this.dialers.resetBackoff(peer);
    this.refusals.forget(peer);
    if (existing === undefined) {
      const address = this.roster.get(peer)?.address ?? link.peer.remoteAddress;
      this.log.info({ peer, address }, 'member up');
      this.emit('member_up', { nodeId: peer, address });
    }
    this.reportStatuses();
  }

  private onSessionClosed(session: PeerSession, reason: string): void {
    const peer = session.peerId;
    if (this.sessions.get(peer) !== session) return;
    this.sessions.delete(peer);
    this.positions.linkLost(peer);
    if (this.closed) return;
    if (reason !== 'duplicate') {
      this.log.info({ peer, reason }, 'member down');
      this.emit('member_down', { nodeId: peer, reason });
    }
    this.reportStatuses();
    if (this.active(peer) && this.currentState !== 'removed' && !this.joining) {
      this.dialers.ensure(peer);
      this.dialers.schedule(
        peer,
        reason === 'duplicate' ? this.timing.reconnectMinMs : this.dialers.backoff(1),
      );
    }
  }

  /** What the dialer of `peer` should do now (see Dialers). */
  private dialTarget(peer: string): { readonly address: string } | 'skip' | 'stop' {
    if (this.closed || this.joining) return 'skip';
    const rec = this.roster.get(peer);
    if (this.currentState === 'removed' || rec === undefined || !this.active(peer)) return 'stop';
    const session = this.sessions.get(peer);
    return session !== undefined && !session.closed ? 'skip' : { address: rec.address };
  }

  private reportDialError(err: unknown, address: string, peer: string | undefined): void {
    if (isRefusal(err)) {
      this.reportRefusal(err);
      if (err.details.reason === 'removed' && err.details.side === 'remote' && peer !== undefined) {
        const incarnation = err.details.incarnation;
        this.checkRemoval(peer, typeof incarnation === 'string' ? incarnation : undefined);
      }
      return;
    }
    this.log.debug({ err, address, peer }, 'dial failed');
  }

  private reportRefusal(err: SyncError): void {
    const reason = err.details.reason as RefusalReason;
    const side = err.details.side === 'local' ? 'local' : 'remote';
    const peer = typeof err.details.peer === 'string' ? err.details.peer : null;
    const address = typeof err.details.address === 'string' ? err.details.address : '';
    if (reason === 'not_ready') return;
    if (!this.refusals.shouldReport(peer ?? address, side, reason)) return;
    this.log.warn({ peer, address, reason, side }, err.message);
    this.emit('refused', { peer, address, reason, side });
  }

  // --- membership ---

  private startPeering(): void {
    this.pendingCatchUp = new Set(
      this.activeOthers().filter((id) => this.sessions.get(id)?.caughtUp !== true),
    );
    this.reconcile();
    this.checkCaughtUp();
  }

  private reconcile(): void {
    if (this.closed || this.joining || this.currentState === 'removed') return;
    for (const nodeId of this.roster.ids()) {
      if (nodeId === this.nodeId) continue;
      if (this.active(nodeId)) {
        if (!this.dialers.has(nodeId)) {
          this.dialers.ensure(nodeId);
          const session = this.sessions.get(nodeId);
          if (session === undefined || session.closed) this.dialers.schedule(nodeId, 0);
        }
      } else {
        this.dialers.stop(nodeId);
      }
    }
    for (const nodeId of this.dialers.peers()) {
      if (!this.active(nodeId)) this.dialers.stop(nodeId);
    }
  }

  private checkCaughtUp(): void {
    if (this.pendingCatchUp === undefined || this.pendingCatchUp.size > 0) return;
    this.pendingCatchUp = undefined;
    if (this.currentState !== 'starting' || this.joining || this.closed) return;
    this.setState('ok');
    const own = this.roster.get(this.nodeId);
    if (own?.state === 'joining') {
      this.putMember(this.nodeId, { ...own, state: 'member' }).catch((err: unknown) =>
        this.log.error({ err }, 'member row not updated'),
      );
    }
  }

  private onMembersChanged(ops: readonly ChangeOp[]): void {
    const { changes, selfRemovedBy } = this.roster.apply(ops, this.nodeId);
    for (const { nodeId: id, wasActive, wasRecord, active: now, record: rec } of changes) {
      if (id === this.nodeId) {
        if (!now && rec !== undefined && !this.leaving) this.becomeRemoved(selfRemovedBy);
        continue;
      }
      if (now && !wasActive && rec !== undefined) {
        this.log.info({ peer: id, address: rec.address }, 'member added');
        this.emit('member_added', { nodeId: id, address: rec.address });
      } else if (!now && wasActive) {
        this.log.info({ peer: id }, 'member removed');
        this.emit('member_removed', { nodeId: id });
        if (wasRecord !== undefined)
          this.sessions.get(id)?.sendRemovedNotice(wasRecord.incarnation);
        this.dialers.stop(id);
        if (this.pendingCatchUp?.delete(id) === true) this.checkCaughtUp();
      } else if (
        now &&
        rec !== undefined &&
        wasRecord !== undefined &&
        rec.address !== wasRecord.address
      ) {
        const session = this.sessions.get(id);
        if (session === undefined || session.closed) {
          this.dialers.ensure(id);
          this.dialers.resetBackoff(id);
          this.dialers.schedule(id, 0);
        }
      }
    }
    this.reconcile();
    this.reportStatuses();
  }

  /** A peer says admission `incarnation` of this node was removed: true if it is the current one. */
  private checkRemoval(peer: string, incarnation: string | undefined): void {
    if (this.currentState === 'removed' || this.joining || incarnation === undefined) return;
    if (this.roster.get(this.nodeId)?.incarnation === incarnation) this.becomeRemoved(peer);
  }

  private becomeRemoved(by: string | null): void {
    if (this.currentState === 'removed' || this.closed) return;
    this.log.warn({ by }, 'this node was removed from the cluster');
    this.meta = { ...this.meta, removed: true };
    saveMeta(this.store, this.meta).catch((err: unknown) =>
      this.log.error({ err }, 'removal not saved'),
    );
    this.setState('removed');
    this.pendingCatchUp = undefined;
    this.dialers.stopAll();
    for (const session of this.sessions.values()) session.close('removed');
    this.emit('removed', { by });
  }

  // --- join ---

  private serveJoiner(link: Link): void {
    serveJoin(link, this.internals, {
      nodeId: this.nodeId,
      clusterId: () => this.meta.clusterId,
      logId: () => this.meta.logId,
      positions: () => this.positions.allPositions(),
      admit: async (nodeId, address) => {
        if (nodeId === this.nodeId) return 'node_id_conflict';
        const session = this.sessions.get(nodeId);
        if (session !== undefined && !session.closed) return 'node_id_conflict';
        if (this.currentState === 'removed') return 'removed';
        await this.putMember(nodeId, {
          address,
          state: 'joining',
          addedAt: this.clock.now(),
          incarnation: randomUUID(),
        });
        this.log.info({ peer: nodeId, address }, 'admitting member');
        return undefined;
      },
      onProgress: (peer, sent, total) => this.onSnapshotProgress(peer, 'join', sent, total),
    }).then(
      ({ nodeId, records }) => this.log.info({ peer: nodeId, records }, 'join snapshot sent'),
      (err: unknown) => {
        if (isRefusal(err)) this.reportRefusal(err);
        else this.log.warn({ err, peer: link.peer.nodeId }, 'join snapshot failed');
        link.close('join_failed');
      },
    );
  }

  private serveControl(link: Link): void {
    answerJoinMe(
      link,
      (asker) =>
        joinMeRefusal({
          joining: this.joining,
          removed: this.currentState === 'removed',
          memberOfAskers:
            asker.peer.clusterId === this.meta.clusterId &&
            this.currentState !== 'removed' &&
            this.roster.get(this.nodeId) !== undefined &&
            this.active(this.nodeId),
          hasOthers: this.activeOthers().length > 0,
        }),
      (master) => this.startJoin(master),
      this.log,
    );
  }

  private startJoin(master: string): void {
    if (this.joinTask !== undefined || this.closed) return;
    this.joinTask = this.runJoin(master)
      .catch((err: unknown) => {
        if (!this.closed) this.log.error({ err, master }, 'join stopped');
      })
      .finally(() => {
        this.joinTask = undefined;
      });
  }

  private async runJoin(master: string): Promise<void> {
    this.joining = true;
    this.setState('starting');
    // Leave whatever cluster this node was in: it is about to get another database.
    this.pendingCatchUp = undefined;
    this.dialers.stopAll();
    for (const session of this.sessions.values()) session.close('rejoining');
    let attempt = 0;
    let joined = false;
    while (!this.closed && !joined) {
      try {
        await this.joinOnce(master);
        joined = true;
      } catch (err) {
        if (this.closed) break;
        attempt += 1;
        const code = err instanceof SyncError ? err.code : 'ERROR';
        this.log.error({ err, master, attempt }, 'join failed');
        this.emit('join_failed', { master, error: errorText(err), code });
        if (isRefusal(err)) this.reportRefusal(err);
        await sleep(this.clock, this.dialers.backoff(attempt + 2), this.abort.signal);
      }
    }
    if (joined && !this.closed) await this.loadMembers();
    this.joining = false;
    if (!joined || this.closed) return;
    this.startPeering();
  }

  private joinOnce(master: string): Promise<void> {
    return joinOnce(this.joinClientHost(), master);
  }

  private joinClientHost(): JoinClientHost {
    return {
      nodeId: this.nodeId,
      store: this.store,
      internals: this.internals,
      clock: this.clock,
      log: this.log,
      link: {
        secret: this.options.secret,
        timing: this.linkTiming,
        timeoutMs: this.timing.connectTimeoutMs,
      },
      expectedClusterId: this.options.clusterId,
      identity: () => this.identity(),
      advertised: () => this.advertised,
      meta: () => this.meta,
      setMeta: (meta) => {
        this.meta = meta;
      },
      setPosition: (origin, position) => this.setPosition(origin, position),
      flushPositions: (force) => this.flushPositions(force),
      positionsIdle: () => this.positions.idle(),
      forgetDatabase: () => {
        this.positions.reset();
        this.roster.clear();
      },
      setJoinLink: (link) => {
        this.joinLink = link;
      },
      emitProgress: (progress) => {
        this.emit('join_progress', progress);
        this.options.onProgress?.({ received: progress.received, total: progress.total });
      },
      emitJoined: (joined) => this.emit('joined', joined),
    };
  }

  // --- timers and housekeeping ---

  /**
   * Persists changed positions. The timer skips it during a join (the database is being
   * replaced under it); the join itself forces it once the snapshot is loaded.
   */
  private flushPositions(force = false): Promise<void> {
    return this.positions.flush(
      () => this.store.closed || (this.joining && !force),
      (positions, acks) => savePositions(this.store, positions, acks),
    );
  }

  private async periodicRepair(): Promise<void> {
    if (this.repairRunning || this.currentState !== 'ok') return;
    // The lower id of each pair starts the exchange, so a pair is compared once per period.
    const sessions = this.liveSessions().filter((s) => this.nodeId < s.peerId);
    if (sessions.length === 0) return;
    await this.repairWith(sessions);
  }

  private async repairWith(sessions: readonly PeerSession[]): Promise<RepairResult> {
    this.repairRunning = true;
    try {
      return await repairPeers(sessions, (e) => this.emit('repaired', e));
    } finally {
      this.repairRunning = false;
    }
  }

  private liveSessions(): PeerSession[] {
    return [...this.sessions.values()].filter((s) => !s.closed && !this.isRemovedMember(s.peerId));
  }

  private ackedSeq(peer: string): number {
    return this.positions.ackedSeq(peer);
  }

  private uptimeS(): number {
    return Math.floor((this.clock.now() - this.startedAtMs) / 1000);
  }

  private setState(state: ClusterState): void {
    const previous = this.currentState;
    if (previous === state) return;
    this.currentState = state;
    for (const session of this.sessions.values()) if (!session.closed) session.sendStatus();
    this.log.info({ state, previous }, 'cluster state');
    this.emit('state', { state, previous });
    this.reportStatuses();
  }

  private assertUsable(): void {
    if (this.closed) throw this.closedError();
    if (this.currentState === 'removed') {
      throw new SyncError('SYNC_REMOVED', 'this node was removed from the cluster', {
        nodeId: this.nodeId,
      });
    }
  }

  private waitFor(condition: () => boolean, timeoutMs: number, message: string): Promise<void> {
    return this.waits.waitFor(condition, timeoutMs, message);
  }

  private closedError(): SyncError {
    return new SyncError('SYNC_CLOSED', 'cluster is closed', { nodeId: this.nodeId });
  }

  private emit<K extends keyof ClusterEvents>(event: K, payload: ClusterEvents[K]): void {
    this.events.emit(event, payload);
  }
}
