/**
 * The Group Management API of the SAM hybrid baseline proposal (seed 003, after
 * draft-waehlisch-sam-common-api): init, join, leave, send, receive. A `GroupSocket` is the handle
 * `init` returns for one peer; scenarios and tests drive peers through it.
 */
import { resourceId, type Id } from '../reload/id.ts';
import type { StreamHeader } from './stream-header.ts';
import type { AlmUsage } from './usage.ts';
import { ALM_ALG_P2PCAST_SAM, ALM_ALG_SCRIBE_SAM } from './wire/codes.ts';

/** A group is named by its session key (hashed to group_id) or by group_id itself. */
export type GroupName = string | Id;

export type AlgorithmName = 'scribe' | 'p2pcast';

export const ALGORITHM_IDS: Readonly<Record<AlgorithmName, number>> = { scribe: ALM_ALG_SCRIBE_SAM, p2pcast: ALM_ALG_P2PCAST_SAM };

/** group_id = H(session_key) with the overlay's id generation (RFC 7019 §7.2.1). */
export function groupIdOf(group: GroupName): Id {
  return typeof group === 'string' ? resourceId(group) : group;
}

export class GroupSocket {
  /** receive(in Handle s, out URI g, out Message m): set to get the data delivered to this peer. */
  receive: ((groupId: Id, data: Uint8Array, header: StreamHeader) => void) | undefined;

  constructor(
    private readonly usage: AlmUsage,
    readonly peer: number,
    readonly algorithm: AlgorithmName,
  ) {}

  /** Creates a group this peer owns (CreateALMTree); `done(ok, groupId)`. */
  create(sessionKey: string, done?: (ok: boolean, groupId: Id) => void): Id {
    return this.usage.create(this.peer, sessionKey, ALGORITHM_IDS[this.algorithm], done);
  }

  /** join(in Handle s, in URI g): subscribe, including the tree access. */
  join(group: GroupName): void {
    this.usage.join(this.peer, groupIdOf(group), ALGORITHM_IDS[this.algorithm]);
  }

  /** leave(in Handle s, in URI g): unsubscribe, including the tree disconnect. */
  leave(group: GroupName): void {
    this.usage.leave(this.peer, groupIdOf(group), ALGORITHM_IDS[this.algorithm]);
  }

  /** send(in Handle s, in URI g, in Message m): `bytes` of data (stream header included). Returns its sequence number. */
  send(group: GroupName, bytes: number): number {
    return this.usage.send(this.peer, groupIdOf(group), ALGORITHM_IDS[this.algorithm], bytes);
  }
}

/** init(out Handle s): a socket for `peer` on `algorithm`'s trees; its `receive` gets this peer's deliveries. */
export function init(usage: AlmUsage, peer: number, algorithm: AlgorithmName = 'scribe'): GroupSocket {
  const socket = new GroupSocket(usage, peer, algorithm);
  usage.addSocket(socket);
  return socket;
}
