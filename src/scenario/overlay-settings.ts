/** The overlay and ALM usage settings a scenario describes, in the init forms of src/reload and src/alm. */
import type { AlmUsageInit } from '../alm/index.ts';
import type { OverlayInit } from '../reload/overlay.ts';
import type { Scenario } from './schema.ts';
import { uploadBps } from './underlay-factory.ts';

export function overlayInit(s: Scenario, opts: { wireMode?: boolean } = {}): OverlayInit {
  const o = s.overlay;
  const sec = o.security;
  return {
    chord: {
      successors: o.chord.successors,
      predecessors: o.chord.predecessors,
      initialFingers: o.chord.fingers,
      updateInterval: o.chord.updateInterval,
      pingInterval: o.chord.pingInterval,
      reactive: o.chord.reactive,
      proximity: o.chord.proximity,
    },
    transactions: {
      reliabilityTimer: o.transaction.timer,
      maxRetransmissions: o.transaction.retransmissions,
      duplicateWindow: o.transaction.duplicateWindow,
      initialTtl: o.ttl,
    },
    link: { rto: o.transaction.hopByHop.timer, maxSends: o.transaction.hopByHop.maxTransmissions },
    // The modelled SecurityBlock carries one certificate or none; n certificates are modelled as one
    // of n times the size (the n - 1 extra 3-byte certificate headers are not counted).
    wire: { certificateBytes: sec.certificatesPerMessage * sec.certificateBytes, signatureBytes: sec.signatureBytes },
    wireMode: opts.wireMode ?? false,
    uploadBps: uploadBps(s),
  };
}

export function almUsageInit(s: Scenario): AlmUsageInit {
  const a = s.alm;
  return {
    joinConfirmTimeout: a.joinConfirmTimeout,
    heartbeatInterval: a.heartbeatInterval,
    heartbeatResponseTimeout: a.heartbeatResponseTimeout,
    heartbeatMissLimit: a.heartbeatMissLimit,
    childLimit: a.childLimit ?? Infinity,
    depthLimit: a.depthLimit ?? Infinity,
    pathLengthLimit: a.pathLengthLimit ?? Infinity,
    edges: a.edges,
    mode: s.workload.mode,
  };
}
