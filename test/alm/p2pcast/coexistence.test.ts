/**
 * Several algorithms on the same peers (RFC 7019 §4): a peer is in a Scribe tree and a P2PCast forest
 * of the same group name and of another group at once; each algorithm's messages go to its own plugin
 * (the ALMHeader's algorithm id) and each delivers only its own data.
 */
import { describe, expect, it } from 'vitest';
import { P2PCast } from '../../../src/alm/index.ts';
import { Scribe } from '../../../src/alm/scribe/scribe.ts';
import { checkForest, P2PCAST } from './forest-check.ts';
import { makeAlm } from '../helpers.ts';

const SCRIBE = 1;

describe('Scribe and P2PCast on the same peers', () => {
  it('the same peers join a Scribe tree and P2PCast forests (same and other group); deliveries stay apart', () => {
    const p2p = new P2PCast({ stripes: 3 });
    const t = makeAlm(121, { seed: 9, algorithms: [new Scribe(), p2p] });
    const { usage, scheduler, overlay, peers, trace } = t;
    const same = usage.create(peers[0]!, 'shared', SCRIBE);
    usage.create(peers[1]!, 'shared', P2PCAST);
    const other = usage.create(peers[2]!, 'p2pcast-only', P2PCAST);
    scheduler.run(scheduler.now + 1_000_000);
    expect(usage.create(peers[3]!, 'shared', P2PCAST).equals(same)).toBe(true);
    const rootSame = overlay.responsibleTruth(same);
    const rootOther = overlay.responsibleTruth(other);
    const members = peers.filter((p) => p !== rootSame && p !== rootOther).slice(0, 100);
    for (const [i, m] of members.entries()) {
      scheduler.schedule(i * 50_000, () => {
        usage.join(m, same, SCRIBE);
        usage.join(m, same, P2PCAST);
        usage.join(m, other, P2PCAST);
      }, null);
    }
    scheduler.run(scheduler.now + 60_000_000);
    expect(checkForest(usage, same.toHex(), rootSame, members, 3).errors).toEqual([]);
    expect(checkForest(usage, other.toHex(), rootOther, members, 3).errors).toEqual([]);
    for (const m of members) {
      expect(usage.trees.get(m, SCRIBE, same.toHex())?.member).toBe(true);
      expect(usage.trees.get(m, P2PCAST, same.toHex())?.member).toBe(true);
      expect(usage.trees.get(m, P2PCAST, other.toHex())?.member).toBe(true);
    }
    const got = new Map<string, number>();
    trace.on('alm.delivered', (e) => {
      const k = `${e.algorithm}|${e.group}`;
      got.set(k, (got.get(k) ?? 0) + 1);
    });
    usage.send(members[5]!, same, SCRIBE, 100);
    usage.send(members[6]!, same, P2PCAST, 300);
    usage.send(members[7]!, other, P2PCAST, 300);
    scheduler.run(scheduler.now + 5_000_000);
    expect(got.get(`${SCRIBE}|${same.toHex()}`)).toBe(100);
    expect(got.get(`${P2PCAST}|${same.toHex()}`)).toBe(100);
    expect(got.get(`${P2PCAST}|${other.toHex()}`)).toBe(100);
  });
});
