/**
 * The scenario file schema (zod 4). Every field is optional: a missing field takes the documented
 * default, unknown fields are rejected. Times resolve to integer microseconds, sizes to bytes, rates
 * to bit/s (see quantities.ts). Defaults that depend on other fields (the warm-up, the join window,
 * when churn and messages start, the snapshot times, the output directory) are written as `null` in
 * the schema and filled in by the final transform, so a resolved scenario has every value concrete.
 *
 * Each field carries a `.describe()` text; `fieldDocs()` (field-docs.ts) turns them into a reference.
 */
import { z } from 'zod';
import { parseQuantity, QUANTITY_EXPECTED, type QuantityKind } from './quantities.ts';
import { HOST_RANGE } from './host-ranges.ts';
import { crossCheck } from './schema-checks.ts';
import { deriveDefaults } from './schema-derive.ts';

// ---------------------------------------------------------------------------------------------
// Field builders. Each sets its error text to what the user should have written ("expected ...").

const quantityKinds = new WeakMap<object, QuantityKind>();

/** The unit kind of a quantity schema, for printing values back in readable units. */
export function quantityKindOf(schema: object): QuantityKind | undefined {
  return quantityKinds.get(schema);
}

function quantity(kind: QuantityKind, opts: { positive?: boolean } = {}) {
  const expected = opts.positive ? `a positive ${QUANTITY_EXPECTED[kind].replace(/^an? /, '')}` : QUANTITY_EXPECTED[kind];
  const schema = z.union([z.number(), z.string()], { error: expected }).transform((input, ctx) => {
    const value = parseQuantity(kind, input);
    if (value === undefined || (opts.positive === true && value === 0)) {
      ctx.addIssue({ code: 'custom', message: expected, input });
      return z.NEVER;
    }
    return value;
  });
  quantityKinds.set(schema, kind);
  return schema;
}

const time = (opts?: { positive?: boolean }) => quantity('time', opts);

function int(min: number, max?: number, expected?: string) {
  const text =
    expected ??
    (max !== undefined
      ? `an integer from ${min} to ${max}`
      : min === 1
        ? 'a positive integer'
        : min === 0
          ? 'a non-negative integer'
          : `an integer of at least ${min}`);
  const s = z.number({ error: text }).int({ error: text }).min(min, { error: text });
  return max === undefined ? s.max(Number.MAX_SAFE_INTEGER, { error: text }) : s.max(max, { error: text });
}

function fraction(opts: { belowOne?: boolean } = {}) {
  const text = opts.belowOne ? 'a number from 0 to less than 1' : 'a number from 0 to 1';
  const s = z.number({ error: text }).min(0, { error: text });
  return opts.belowOne ? s.lt(1, { error: text }) : s.max(1, { error: text });
}

function positiveNumber() {
  const text = 'a positive number';
  return z.number({ error: text }).positive({ error: text });
}

function nonNegativeNumber() {
  const text = 'a non-negative number';
  return z.number({ error: text }).min(0, { error: text });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.join(', ')}` });
}

const bool = () => z.boolean({ error: 'true or false' });

/** A strict object: unknown fields are errors. */
function obj<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject(shape, { error: 'a mapping of fields' });
}

/** `{min, max}` of a time range. */
function timeRange(min: string, max: string, what: string) {
  return obj({
    min: time().prefault(min).describe(`Smallest ${what}.`),
    max: time().prefault(max).describe(`Largest ${what}.`),
  }).prefault({});
}

// ---------------------------------------------------------------------------------------------
// Sections.

const bootstrapSchema = obj({
  /** @default "warm" */
  mode: oneOf(['warm', 'protocol'])
    .default('warm')
    .describe(
      'warm: the initially-up peers start with converged CHORD-RELOAD routing tables built directly (fast; ALM experiments ' +
        'measure trees, not ring construction). protocol: slot i starts a real RELOAD join (RFC 6940 §10.5) at i x joinInterval.',
    ),
  /** @default "100 ms" */
  joinInterval: time({ positive: true })
    .prefault('100 ms')
    .describe('protocol mode: time between the join starts of consecutive slots; the bootstrap ends at peers x joinInterval.'),
}).prefault({});

const chordSchema = obj({
  /** @default 3 (RFC 6940 §10: at least three successors) */
  successors: int(3, 64).default(3).describe('Successor list length (RFC 6940 §10: at least 3; O(log N) recommended).'),
  /** @default 3 (RFC 6940 §10) */
  predecessors: int(3, 64).default(3).describe('Predecessor list length (RFC 6940 §10: at least 3).'),
  /** @default 16 (RFC 6940 §10: the finger table starts at 16 entries and SHOULD be able to grow to 128) */
  fingers: int(1, 128)
    .default(16)
    .describe('Initial finger table size; finger i targets id + 2^(128-i) (RFC 6940 §10: starts at 16, up to 128).'),
  /** @default "600 s" (RFC 6940 chord-update-interval) */
  updateInterval: time({ positive: true })
    .prefault('600 s')
    .describe('chord-update-interval: period of the stabilization Updates, randomly offset per peer (RFC 6940 §10.7.4; default 600 s).'),
  /** @default "3600 s" (RFC 6940 chord-ping-interval) */
  pingInterval: time({ positive: true })
    .prefault('3600 s')
    .describe('chord-ping-interval: period of the finger refresh probes (RFC 6940 §10.7.4; default 3600 s).'),
  /** @default true (RFC 6940 chord-reactive) */
  reactive: bool()
    .default(true)
    .describe('chord-reactive: repair the neighbour lists at once when a neighbour fails or leaves (RFC 6940 §10.7.1; default true).'),
  /** @default 1 (plain CHORD-RELOAD: finger i is the first peer at or after id + 2^(128-i)) */
  proximity: int(1, 64)
    .default(1)
    .describe(
      'Proximity neighbour selection: finger i is valid anywhere in [id + 2^(128-i), id + 2^(129-i)) (RFC 6940 §10.7.4.2); ' +
        'with k > 1 a finger refresh (and the warm start) asks k evenly spaced points of the interval and keeps the valid peer ' +
        'with the smallest round-trip time, as measured by the Attach\'s ICE checks. 1 = off.',
    ),
}).prefault({});

const transactionSchema = obj({
  /** @default "3 s" (RFC 6940 §6.2.1) */
  timer: time({ positive: true })
    .prefault('3000 ms')
    .describe('End-to-end retransmission timer of a request (RFC 6940 §6.2.1 overlay-reliability-timer: 3000 ms).'),
  /** @default 4 (RFC 6940 §6.2.1) */
  retransmissions: int(0, 32)
    .default(4)
    .describe('Retransmissions of a request with the same transaction id before it fails with Error_Request_Timeout (RFC 6940 §6.2.1: 4).'),
  /** @default "15 s" (RFC 6940 §6.2.1) */
  duplicateWindow: time()
    .prefault('15 s')
    .describe('A duplicate request within this window gets the same answer again (RFC 6940 §6.2.1: 15 s).'),
  hopByHop: obj({
    /** @default "500 ms" (RFC 6940 §6.6.3.1) */
    timer: time({ positive: true })
      .prefault('500 ms')
      .describe('Initial hop-by-hop retransmission timeout, doubled on each retry (RFC 6940 §6.6.3.1: 500 ms).'),
    /** @default 5 (RFC 6940 §6.6.3.1) */
    maxTransmissions: int(1, 32)
      .default(5)
      .describe('Sends of a message over one link before the link is declared failed (RFC 6940 §6.6.3.1: 5).'),
  })
    .prefault({})
    .describe('Hop-by-hop reliability, used when the underlay loses messages.'),
}).prefault({});

const securitySchema = obj({
  /** @default 1000 */
  certificateBytes: quantity('bytes')
    .prefault(1000)
    .describe('Modelled size of one certificate in a SecurityBlock (RFC 6940 §6.3.4); about an RSA-2048 X.509 certificate in DER.'),
  /** @default 1 */
  certificatesPerMessage: int(0, 16)
    .default(1)
    .describe('Certificates carried in each message SecurityBlock (1: the signer; 0 models receivers that cache certificates).'),
  /** @default 256 */
  signatureBytes: quantity('bytes')
    .prefault(256)
    .describe('Modelled signature_value size (RFC 6940 §6.3.4); 256 B is an RSA-2048 signature (RSA with SHA-256).'),
}).prefault({});

const overlaySchema = obj({
  /** @default 1000 */
  peers: int(1, 10_000_000)
    .default(1000)
    .describe('Number of host slots. Each slot holds one RELOAD node at a time; under churn a departed slot rejoins later as a new node.'),
  /** @default 0 */
  clientsFraction: fraction()
    .default(0)
    .describe(
      'Fraction of the slots that are RELOAD clients (RFC 6940 §3.2; RFC 7019 §3.4): they attach to a peer, do not route, and can only be ' +
        'leaves of a tree. The last round(peers x clientsFraction) slots are the clients.',
    ),
  bootstrap: bootstrapSchema.describe('How the initial overlay is formed.'),
  chord: chordSchema.describe('CHORD-RELOAD topology plugin settings (RFC 6940 §10).'),
  transaction: transactionSchema.describe('RELOAD message transport reliability (RFC 6940 §6.2.1, §6.6.3.1).'),
  /** @default 100 (RFC 6940 §6.3.2 initial-ttl) */
  ttl: int(1, 255).default(100).describe('Initial TTL of the ForwardingHeader (RFC 6940 §6.3.2: 100).'),
  security: securitySchema.describe('Sizes of the modelled SecurityBlock (no cryptography is run).'),
}).prefault({});

// Underlay --------------------------------------------------------------------------------------

const hostSpecExpected = 'a slot number or a range "first..last"';
const hostSpec = z.union([int(0, undefined, hostSpecExpected), z.string({ error: hostSpecExpected }).regex(HOST_RANGE, { error: hostSpecExpected })], {
  error: hostSpecExpected,
});

const partitionSchema = obj({
  groups: z
    .array(z.array(hostSpec, { error: 'a list of slots' }).min(1, { error: 'a non-empty list of slots' }), { error: 'a list of slot lists' })
    .min(1, { error: 'a list of at least one slot list' })
    .describe('Slot groups, e.g. [[0, "1..99"], ["100..199"]]: messages between slots of different groups are dropped; unlisted slots are unaffected.'),
  /** @default "0 s" */
  from: time().prefault(0).describe('When the partition starts.'),
  /** @default null (until the end of the run) */
  to: time().nullable().default(null).describe('When the partition heals; null: never.'),
});

const underlayCommon = {
  loss: obj({
    /** @default 0 */
    probability: fraction({ belowOne: true }).default(0).describe('Probability that the underlay drops a message (independently per message).'),
  })
    .prefault({})
    .describe('Random message loss.'),
  /** @default [] */
  partitions: z.array(partitionSchema, { error: 'a list of partitions' }).default([]).describe('Network partitions over time.'),
  /** @default null (no serialization delay) */
  bandwidth: quantity('bitrate', { positive: true })
    .nullable()
    .default(null)
    .describe('Upload bandwidth of every host; adds size / bandwidth of serialization delay per message. null: unlimited.'),
};

const underlayModels = [
  obj({
    model: z.literal('constant').default('constant').describe('Underlay latency model.'),
    /** @default "50 ms" */
    latency: time().prefault('50 ms').describe('One-way latency between any two hosts.'),
    ...underlayCommon,
  }),
  obj({
    model: z.literal('uniform'),
    /** @default "10 ms" */
    min: time().prefault('10 ms').describe('Smallest one-way latency of a host pair (each pair draws its latency once).'),
    /** @default "100 ms" */
    max: time().prefault('100 ms').describe('Largest one-way latency of a host pair.'),
    ...underlayCommon,
  }),
  obj({
    model: z.literal('coordinates'),
    /** @default "plane" */
    space: oneOf(['plane', 'sphere'])
      .default('plane')
      .describe('plane: hosts uniform in a square, latency = Euclidean distance; sphere: hosts uniform on a sphere, latency = great-circle distance.'),
    /** @default "150 ms" */
    extent: time({ positive: true })
      .prefault('100 ms')
      .describe('plane: side of the square; sphere: latency between antipodal points.'),
    accessDelay: timeRange('1 ms', '10 ms', 'access-link delay of a host (drawn once per host, added at both ends)').describe(
      'Access-link delay of each host.',
    ),
    ...underlayCommon,
  }),
  obj({
    model: z.literal('transit-stub'),
    /** @default "scribe5050" */
    preset: oneOf(['scribe5050', 'custom'])
      .default('scribe5050')
      .describe(
        'scribe5050: the router counts of the Scribe evaluation, 5,050 routers (10 transit domains x 5 routers, 10 stub domains per ' +
          'transit router, 10 routers per stub domain); hosts hang off random stub routers. custom: set the counts below.',
      ),
    /** @default 10 */
    transitDomains: int(1, 1000).default(10).describe('Transit domains.'),
    /** @default 5 */
    routersPerTransitDomain: int(1, 1000).default(5).describe('Routers per transit domain.'),
    /** @default 10 */
    stubsPerTransitRouter: int(0, 1000).default(10).describe('Stub domains attached to each transit router.'),
    /** @default 10 */
    routersPerStubDomain: int(1, 1000).default(10).describe('Routers per stub domain.'),
    /** @default 0.3 */
    domainLinkProbability: fraction()
      .default(0.3)
      .describe('Probability of each extra link between two transit domains, beyond a random spanning tree (GT-ITM style).'),
    /** @default 0.6 */
    transitLinkProbability: fraction().default(0.6).describe('Probability of each extra link between two routers of a transit domain.'),
    /** @default 0.3 */
    stubLinkProbability: fraction().default(0.3).describe('Probability of each extra link between two routers of a stub domain.'),
    /** @default 0 */
    extraTransitStubLinks: int(0).default(0).describe('Extra links from a random stub router to a random transit router (multi-homing).'),
    /** @default 0 */
    extraStubStubLinks: int(0).default(0).describe('Extra links between random routers of two different stub domains.'),
    delays: obj({
      interTransit: timeRange('20 ms', '40 ms', 'delay of a link between two transit domains').describe('Links between transit domains.'),
      transit: timeRange('5 ms', '15 ms', 'delay of a link inside a transit domain').describe('Links inside a transit domain.'),
      transitStub: timeRange('2 ms', '6 ms', 'delay of a stub-to-transit link').describe('Links from a stub domain to its transit router.'),
      stub: timeRange('0.5 ms', '2 ms', 'delay of a link inside a stub domain').describe('Links inside a stub domain.'),
    })
      .prefault({})
      .describe('Link delay ranges per link class (each link draws its delay once; delays grow up the hierarchy as in GT-ITM).'),
    accessDelay: timeRange('1 ms', '1 ms', 'host-to-stub-router link delay').describe('Host access (LAN) links, drawn once per host (Scribe evaluation: 1 ms).'),
    ...underlayCommon,
  }),
  obj({
    model: z.literal('matrix'),
    file: z
      .string({ error: 'a file path' })
      .min(1, { error: 'a file path' })
      .describe(
        'Latency matrix file, relative to the scenario file: a square matrix of whitespace-separated milliseconds, row i the latencies ' +
          'from node i, "#" comment lines (King and p2psim format).',
      ),
    /** @default 1 */
    scale: positiveNumber().default(1).describe('Multiplier for every entry: 0.5 turns round-trip times (King) into one-way latencies.'),
    /** @default "reject" */
    missing: oneOf(['reject', 'mirror'])
      .default('reject')
      .describe('A negative entry (a failed measurement): reject the file, or mirror: take the (j, i) entry.'),
    /** @default "reject" */
    hostMapping: oneOf(['reject', 'modulo'])
      .default('reject')
      .describe('More slots than matrix nodes: reject, or modulo: slot h sits at node h mod n.'),
    /** @default "1 ms" */
    colocatedLatency: time().prefault('1 ms').describe('Latency between two slots mapped to the same matrix node.'),
    ...underlayCommon,
  }),
] as const;

const underlaySchema = z
  .discriminatedUnion('model', underlayModels, { error: 'one of constant, uniform, coordinates, transit-stub, matrix' })
  .prefault({});

// Churn -----------------------------------------------------------------------------------------

export const DISTRIBUTIONS = ['exponential', 'weibull', 'pareto', 'lognormal'] as const;
export type DistributionName = (typeof DISTRIBUTIONS)[number];

function distributionSchema(defaults: { distribution: DistributionName; mean: string }, what: string) {
  return obj({
    /** @default "exponential" */
    distribution: oneOf(DISTRIBUTIONS).default('exponential').describe(`Distribution of the ${what}.`),
    mean: time({ positive: true }).optional().describe(`Target mean ${what} (give mean or median, not both).`),
    median: time({ positive: true }).optional().describe(`Target median ${what} (give mean or median, not both).`),
    shape: positiveNumber()
      .optional()
      .describe('Shape: Weibull k, Pareto alpha (> 1 with a mean), lognormal sigma. Not used by exponential.'),
  }).prefault(defaults);
}

const churnModels = [
  obj({
    model: z.literal('none').default('none').describe('Churn model.'),
  }),
  obj({
    model: z.literal('lifetime'),
    /** @default {distribution: exponential, mean: 1 h} */
    session: distributionSchema({ distribution: 'exponential', mean: '1 h' }, 'session time').describe('Time a node stays up.'),
    /** @default {distribution: exponential, mean: 1 h} */
    offTime: distributionSchema({ distribution: 'exponential', mean: '1 h' }, 'off time').describe(
      'Time a slot stays down before a new node starts on it.',
    ),
    /** @default 0.5 */
    crashFraction: fraction()
      .default(0.5)
      .describe('Fraction of departures that are crashes (silent) rather than graceful RELOAD Leaves; 0.5 exercises both repair paths equally.'),
    /** @default "steady" */
    initialState: oneOf(['steady', 'all-up'])
      .default('steady')
      .describe(
        'steady: each slot starts up with probability E[session]/(E[session]+E[off]) and in a stationary phase; all-up: every slot starts up with a fresh session.',
      ),
    /** @default null (end of the warm-up) */
    start: time().nullable().default(null).describe('When churn begins; null: at the end of the warm-up.'),
  }),
  obj({
    model: z.literal('trace'),
    file: z
      .string({ error: 'a file path' })
      .min(1, { error: 'a file path' })
      .describe('Churn trace file, relative to the scenario file: lines "<time> <JOIN|LEAVE|CRASH> <slot>".'),
    /** @default null (end of the warm-up) */
    start: time().nullable().default(null).describe('Time 0 of the trace; null: the end of the warm-up.'),
  }),
] as const;

const churnSchema = z.discriminatedUnion('model', churnModels, { error: 'one of none, lifetime, trace' }).prefault({});

// Workload --------------------------------------------------------------------------------------

const groupSizeSchema = z
  .discriminatedUnion(
    'dist',
    [
      obj({
        dist: z.literal('fixed').default('fixed').describe('Group size distribution.'),
        /** @default 10 */
        size: int(1).default(10).describe('Members of every group.'),
      }),
      obj({
        dist: z.literal('uniform'),
        /** @default 2 */
        min: int(1).default(2).describe('Smallest group size.'),
        /** @default 20 */
        max: int(1).default(20).describe('Largest group size.'),
      }),
      obj({
        dist: z.literal('zipf-scribe'),
        /** @default 1.25 */
        exponent: positiveNumber()
          .default(1.25)
          .describe('The group of rank r (1-based) has floor(N x r^-exponent + 0.5) members, N = peers, capped to [1, N] (Scribe evaluation: 1.25).'),
      }),
    ],
    { error: 'one of fixed, uniform, zipf-scribe' },
  )
  .prefault({});

const workloadSchema = obj({
  /** @default 1 */
  groups: int(0)
    .default(1)
    .describe('Number of multicast groups; group i has session key "group-<i>". 0: no groups (e.g. a lookup-only experiment).'),
  groupSize: groupSizeSchema.describe('Members per group; members are distinct slots drawn uniformly (peers and clients alike).'),
  joinWindow: obj({
    /** @default null (end of the bootstrap) */
    from: time().nullable().default(null).describe('Groups are created at this time; null: the end of the bootstrap.'),
    /** @default null (from + 10 s) */
    to: time().nullable().default(null).describe('Members join at uniform random times in [from, to); null: from + 10 s.'),
  })
    .prefault({})
    .describe('When groups are created and members join.'),
  /** @default "ssm" */
  mode: oneOf(['ssm', 'asm'])
    .default('ssm')
    .describe('ssm: the group creator is the only sender (RFC 7019 §2.3); asm: `sources` members send (RFC 7019 §2.4).'),
  /** @default 1 */
  sources: int(1)
    .default(1)
    .describe('asm: senders per group, distinct members (capped at the group size); the group rate is split evenly among them.'),
  messages: obj({
    rate: nonNegativeNumber().optional().describe('Messages per group per second (give rate or count; neither: rate 1).'),
    count: int(0).optional().describe('Messages per group over [start, stop) (give rate or count).'),
    /** @default "periodic" */
    pattern: oneOf(['periodic', 'poisson'])
      .default('periodic')
      .describe('periodic: constant bit rate with a random phase per sender; poisson: exponential gaps.'),
    /** @default 1000 */
    payloadBytes: quantity('bytes').prefault(1000).describe('Application payload of each message (the Push data).'),
    /** @default null (end of the warm-up) */
    start: time().nullable().default(null).describe('First send time; null: the end of the warm-up.'),
    /** @default null (end of the measurement window) */
    stop: time().nullable().default(null).describe('No send at or after this time; null: the end of the measurement window.'),
  })
    .prefault({})
    .describe('The multicast traffic.'),
  lookups: obj({
    /** @default none (no lookups) */
    rate: nonNegativeNumber()
      .optional()
      .describe('Lookups per peer slot per second (give rate or count; neither: no lookups). Poisson arrivals over all peer slots.'),
    /** @default none (no lookups) */
    count: int(0).optional().describe('Lookups over [start, stop), evenly spaced from a random phase (give rate or count).'),
    /** @default null (end of the warm-up) */
    start: time().nullable().default(null).describe('First lookup time; null: the end of the warm-up.'),
    /** @default null (end of the measurement window) */
    stop: time().nullable().default(null).describe('No lookup at or after this time; null: the end of the measurement window.'),
  })
    .prefault({})
    .describe(
      'Overlay lookups: RouteQuery requests (RFC 6940 §6.4.2.4) from a uniformly random peer slot (skipped when its node is down) to a ' +
        'uniformly random Resource-ID, answered by the responsible peer; measured: success ratio, overlay hops and round-trip time. Off by default.',
    ),
}).prefault({});

// ALM -------------------------------------------------------------------------------------------

export const ALGORITHMS = ['scribe', 'p2pcast'] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];

const almSchema = obj({
  /** @default ["scribe"] */
  algorithms: z
    .array(oneOf(ALGORITHMS), { error: 'a list of algorithms (scribe, p2pcast)' })
    .min(1, { error: 'a non-empty list of algorithms (scribe, p2pcast)' })
    .default(['scribe'])
    .describe('Algorithms to run, each on the same peers, underlay, churn and workload.'),
  /** @default "5 s" (RFC 7019 §7.2.17) */
  joinConfirmTimeout: time({ positive: true })
    .prefault('5000 ms')
    .describe('A JoinAccept that gets neither JoinConfirm nor JoinDecline expires after this (RFC 7019 §7.2.17 join_confirm_timeout: 5000 ms).'),
  /** @default "2 s" (RFC 7019 §7.2.17) */
  heartbeatInterval: time({ positive: true })
    .prefault('2000 ms')
    .describe('Children send a Heartbeat to each parent this often (RFC 7019 §7.2.17 heartbeat_interval: 2000 ms).'),
  /** @default "5 s" (RFC 7019 §7.2.17) */
  heartbeatResponseTimeout: time({ positive: true })
    .prefault('5000 ms')
    .describe('A child with no HeartbeatResponse for this long treats its parent as gone and re-joins (RFC 7019 §7.2.17: 5000 ms).'),
  /** @default 3 */
  heartbeatMissLimit: int(1, 1000)
    .default(3)
    .describe(
      'N of RFC 7019 §7.2.14: a parent that hears no Heartbeat for N intervals treats the child as left. 3 is the smallest N with ' +
        'N x heartbeatInterval >= heartbeatResponseTimeout, so a parent never drops a child faster than the child detects its parent, ' +
        'and two lost Heartbeats in a row are tolerated.',
    ),
  /** @default null (unlimited) */
  childLimit: int(1).nullable().default(null).describe('Max children per peer per tree (JoinReject Child_Limit_Reached); null: unlimited.'),
  /** @default null (unlimited) */
  depthLimit: int(1).nullable().default(null).describe('Max tree depth (JoinReject Tree_Depth_Limit_Reached); null: unlimited.'),
  /** @default null (unlimited) */
  pathLengthLimit: int(1)
    .nullable()
    .default(null)
    .describe('Max overlay hops from a member to the root (JoinReject Path_Limit_Reached); null: unlimited.'),
  /** @default "direct" */
  edges: oneOf(['direct', 'overlay'])
    .default('direct')
    .describe(
      'RFC 7019 §3.5: direct: Push goes over a direct parent-child connection (as in the Scribe and P2PCast papers); overlay: Push to a ' +
        'child is routed through the overlay.',
    ),
  p2pcast: obj({
    /** @default 2 */
    stripes: int(2, 16).default(2).describe('f: stripes, trees and tree arity of P2PCast (at least 2).'),
  })
    .prefault({})
    .describe('P2PCast settings.'),
}).prefault({});

// Measurement and output ------------------------------------------------------------------------

const measurementSchema = obj({
  /** @default null (end of the join window + 30 s) */
  warmup: time().nullable().default(null).describe('Start of the measurement window; null: the end of the join window + 30 s.'),
  /** @default "300 s" */
  duration: time({ positive: true }).prefault('300 s').describe('Length of the measurement window.'),
  /** @default "10 s" */
  drain: time()
    .prefault('10 s')
    .describe('The run goes on this long after the window so that messages sent in it can arrive; the run ends at warmup + duration + drain.'),
  /** @default null (one snapshot at the end of the window) */
  snapshots: z
    .array(time(), { error: 'a list of times' })
    .nullable()
    .default(null)
    .describe('Times at which a NodeQuery crawl records the TreeData of every tree; null: the end of the window.'),
}).prefault({});

const outputSchema = obj({
  /** @default null (results/<name>) */
  dir: z.string({ error: 'a directory path' }).min(1, { error: 'a directory path' }).nullable().default(null).describe('Output directory; null: results/<name>.'),
  csv: obj({
    /** @default true */
    deliveries: bool().default(true).describe('deliveries.csv: one row per delivered message copy (latency, hops, RDP).'),
    /** @default true */
    nodes: bool().default(true).describe('nodes.csv: per-node statistics (fanout, stress, control traffic).'),
    /** @default true */
    trees: bool().default(true).describe('trees.csv: TreeData of each snapshot.'),
    /** @default true */
    overhead: bool().default(true).describe('overhead.csv: control messages and bytes by message type.'),
    /** @default true */
    churn: bool().default(true).describe('churn.csv: the churn timeline.'),
  })
    .prefault({})
    .describe('CSV files to write.'),
  /** @default true */
  charts: bool().default(true).describe('Write PNG charts.'),
  /** @default true */
  report: bool().default(true).describe('Write report.html.'),
}).prefault({});

// ---------------------------------------------------------------------------------------------

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The scenario as written, with static defaults applied (derived defaults still null). */
export const scenarioInputSchema = obj({
  /** @default the file name without extension */
  name: z
    .string({ error: 'a name of letters, digits, ".", "_" and "-"' })
    .regex(NAME_PATTERN, { error: 'a name of letters, digits, ".", "_" and "-"' })
    .default('scenario')
    .describe('Run name, used for results/<name>; default: the scenario file name without its extension.'),
  /** @default "" */
  description: z.string({ error: 'a text' }).default('').describe('Free text shown in reports.'),
  /** @default 1 */
  seed: int(0).default(1).describe('Seed of all random streams; the same seed gives byte-identical results.'),
  /** @default 1 */
  runs: int(1, 10_000).default(1).describe('Independent runs (run numbers 0 .. runs-1, each with its own random streams).'),
  overlay: overlaySchema.describe('The RELOAD overlay (RFC 6940).'),
  underlay: underlaySchema.describe('The network under the overlay; `model` picks the latency model.'),
  churn: churnSchema.describe('Node arrivals and departures; `model` picks none, lifetime or trace.'),
  workload: workloadSchema.describe('Groups, members and multicast traffic.'),
  alm: almSchema.describe('The ALM Usage (RFC 7019) and its algorithms.'),
  measurement: measurementSchema.describe('Warm-up, measurement window and tree snapshots.'),
  output: outputSchema.describe('What to write under the output directory.'),
});

export type ScenarioInput = z.output<typeof scenarioInputSchema>;

/** The full schema: input, then cross-field checks and derived defaults. */
export const scenarioSchema = scenarioInputSchema.transform((input, ctx) => {
  const scenario = deriveDefaults(input);
  return crossCheck(scenario, ctx) ? scenario : z.NEVER;
});

/** A resolved scenario: every default filled in, times in integer microseconds. */
export type Scenario = z.output<typeof scenarioSchema>;

export type UnderlaySettings = Scenario['underlay'];
export type ChurnSettings = Scenario['churn'];
export type DistributionSettings = Extract<ChurnSettings, { model: 'lifetime' }>['session'];
export type WorkloadSettings = Scenario['workload'];
export type AlmSettings = Scenario['alm'];
