/** The benchmark sections, in the order `npm run bench` runs them. Add new sections here. */
import { engine } from './engine.ts';
import { transitStub } from './transit-stub.ts';
import { transport } from './transport.ts';
import { wire } from './wire.ts';
import { chord } from './chord.ts';
import type { BenchSection } from './types.ts';

export const sections: readonly BenchSection[] = [engine, transport, transitStub, wire, chord];
