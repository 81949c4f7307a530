/**
 * ALM algorithms by scenario name. Each entry builds a fresh plugin for one run from the scenario's
 * settings. P2PCast is loaded on first use from src/alm/p2pcast/p2pcast.ts, so that this registry
 * works before that module exists (asking for it then is a clear error) and picks it up as soon as
 * it does.
 */
import type { AlmAlgorithm } from '../alm/index.ts';
import { ALGORITHM_IDS } from '../alm/group-api.ts';
import { Scribe } from '../alm/scribe/scribe.ts';
import type { AlgorithmName, Scenario } from './schema.ts';

/** Display names, as the charts' series colours expect them. */
export const ALGORITHM_LABELS: Readonly<Record<AlgorithmName, string>> = { scribe: 'Scribe', p2pcast: 'P2PCast' };

export { ALGORITHM_IDS };

/** An algorithm this build cannot run. */
export class AlgorithmUnavailableError extends Error {
  override name = 'AlgorithmUnavailableError';
}

interface P2PCastModule {
  P2PCast: new (init: { stripes: number }) => AlmAlgorithm;
}

// Not a literal import: the module may not exist yet, and the type checker must not require it.
const P2PCAST_MODULE = '../alm/p2pcast/p2pcast.ts';

let p2pcastModule: Promise<P2PCastModule | undefined> | undefined;

async function loadP2PCast(): Promise<P2PCastModule | undefined> {
  p2pcastModule ??= import(new URL(P2PCAST_MODULE, import.meta.url).href).then(
    (m: unknown) => (typeof (m as Partial<P2PCastModule>).P2PCast === 'function' ? (m as P2PCastModule) : undefined),
    (err: unknown) => {
      const code = (err as { code?: unknown } | null)?.code;
      if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/i.test(String(err))) return undefined;
      throw err;
    },
  );
  return p2pcastModule;
}

/** Builds the plugin `name` configured by `scenario`. */
export async function createAlgorithm(name: AlgorithmName, scenario: Scenario): Promise<AlmAlgorithm> {
  switch (name) {
    case 'scribe':
      return new Scribe();
    case 'p2pcast': {
      const m = await loadP2PCast();
      if (m === undefined) {
        throw new AlgorithmUnavailableError('p2pcast: the P2PCast algorithm is not available in this build (src/alm/p2pcast/p2pcast.ts does not export P2PCast)');
      }
      return new m.P2PCast({ stripes: scenario.alm.p2pcast.stripes });
    }
  }
}

/** True if `name` can be run by this build. */
export async function isAlgorithmAvailable(name: AlgorithmName): Promise<boolean> {
  return name === 'scribe' || (await loadP2PCast()) !== undefined;
}
