/**
 * Kinds (RFC 6940 §7.4.1): each Kind-ID has a data model and an access control policy, set by the
 * overlay configuration. The policies of §7.3 decide whether the signer of a StoredData may write it
 * at a Resource-ID.
 */
import { resourceId, type Id } from '../id.ts';
import type { Credentials } from '../enrollment.ts';
import type { DataModel, StoredDataValue } from '../wire/bodies/stored-data.ts';

export type AccessPolicyName = 'USER-MATCH' | 'NODE-MATCH' | 'USER-NODE-MATCH' | 'NODE-MULTIPLE' | 'NODE-ID-MATCH';

export interface KindDefinition {
  readonly id: number;
  readonly name: string;
  readonly dataModel: DataModel;
  /**
   * §7.3 policies: USER-MATCH (Resource-ID = H(user name)), NODE-MATCH (Resource-ID = H(a Node-ID of
   * the signer)), USER-NODE-MATCH (USER-MATCH, and a dictionary key equal to a Node-ID of the signer),
   * NODE-MULTIPLE (Resource-ID = H(Node-ID || i) for i < maxCount). NODE-ID-MATCH is the reading of
   * NODE-MATCH that RFC 7019 §5 and §12.1 give the ALMTree kind: the Resource-ID *is* a Node-ID of
   * the signer (the group owner holds a node_id equal to the group_id).
   */
  readonly accessPolicy: AccessPolicyName;
  /** Most values per resource (§7.4.1, max-count). @default 1 for single values, 128 otherwise */
  readonly maxCount?: number;
  /** Largest value in bytes (max-size). @default 65535 */
  readonly maxSize?: number;
}

/** True if `signer` may store `value` of kind `kind` at `resource` (§7.3). */
export function policyAllows(kind: KindDefinition, resource: Id, value: StoredDataValue, signer: Credentials): boolean {
  switch (kind.accessPolicy) {
    case 'USER-MATCH':
      return resourceId(signer.userName).equals(resource);
    case 'NODE-MATCH':
      return signer.nodeIds.some((n) => resourceId(n.toBytes()).equals(resource));
    case 'USER-NODE-MATCH':
      if (!resourceId(signer.userName).equals(resource)) return false;
      return value.model === 'dictionary' && value.key.length === 16 && signer.nodeIds.some((n) => equalBytes(n.toBytes(), value.key));
    case 'NODE-MULTIPLE': {
      const max = kind.maxCount ?? 128;
      return signer.nodeIds.some((n) => {
        for (let i = 0; i < max; i++) {
          const b = new Uint8Array(20);
          n.toBytes(b, 0);
          new DataView(b.buffer).setUint32(16, i);
          if (resourceId(b).equals(resource)) return true;
        }
        return false;
      });
    }
    case 'NODE-ID-MATCH':
      return signer.nodeIds.some((n) => n.equals(resource));
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The overlay's kinds, by Kind-ID. */
export class KindRegistry {
  private readonly kinds = new Map<number, KindDefinition>();

  constructor(kinds: readonly KindDefinition[] = []) {
    for (const k of kinds) this.define(k);
  }

  define(kind: KindDefinition): void {
    if (this.kinds.has(kind.id)) throw new Error(`Kind-ID 0x${kind.id.toString(16)} is defined twice`);
    this.kinds.set(kind.id, kind);
  }

  get(id: number): KindDefinition | undefined {
    return this.kinds.get(id);
  }

  /** The data-model lookup the Store/Fetch codecs need. */
  readonly dataModelOf = (id: number): DataModel | undefined => this.kinds.get(id)?.dataModel;
}
