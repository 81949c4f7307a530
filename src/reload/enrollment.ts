/**
 * The enrollment server (RFC 6940 §11.3): issues each peer its credentials, a certificate binding a
 * user name to the Node-IDs the peer may act as. No cryptography is run; the credentials are the
 * facts a verifier would read from a valid certificate. Node-IDs are random 128-bit values, as the
 * enrollment server assigns them.
 */
import type { RandomStream } from '../sim/index.ts';
import { Id } from './id.ts';

export interface Credentials {
  readonly userName: string;
  /** Node-IDs in the certificate; the first is the peer's own. */
  readonly nodeIds: Id[];
}

export interface EnrollmentComponents {
  /** Draws Node-IDs. */
  rng: RandomStream;
}

export class EnrollmentServer {
  private readonly byNodeId = new Map<string, Credentials>();

  constructor(private readonly c: EnrollmentComponents) {}

  /** Enrolls a user: a certificate with one fresh random Node-ID. */
  enroll(userName: string): Credentials {
    let id: Id;
    do {
      id = new Id(this.c.rng.uint32(), this.c.rng.uint32(), this.c.rng.uint32(), this.c.rng.uint32());
    } while (this.byNodeId.has(id.toHex()));
    const cred: Credentials = { userName, nodeIds: [id] };
    this.byNodeId.set(id.toHex(), cred);
    return cred;
  }

  /** Enrolls a user with a given Node-ID (e.g. from a trace); it must not be taken. */
  enrollWithId(userName: string, id: Id): Credentials {
    if (this.byNodeId.has(id.toHex())) throw new Error(`Node-ID ${id.toHex()} is already enrolled`);
    const cred: Credentials = { userName, nodeIds: [id] };
    this.byNodeId.set(id.toHex(), cred);
    return cred;
  }

  /**
   * Adds a Node-ID to a certificate: how the owner of an ALM group comes to hold the node_id equal
   * to its group_id (RFC 7019 §5). Returns false if another certificate already holds it.
   */
  issueNodeId(cred: Credentials, id: Id): boolean {
    const holder = this.byNodeId.get(id.toHex());
    if (holder !== undefined) return holder === cred;
    cred.nodeIds.push(id);
    this.byNodeId.set(id.toHex(), cred);
    return true;
  }

  /** The credentials holding this Node-ID, as a verifier finds the certificate named by a signature. */
  credentialsOf(nodeId: Id): Credentials | undefined {
    return this.byNodeId.get(nodeId.toHex());
  }
}
