/** The forest invariants with N = 10,000 members and f = 4 (see invariants-10k.ts). */
import { invariants10k } from './invariants-10k.ts';

invariants10k(4);
