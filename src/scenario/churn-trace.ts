/**
 * Churn trace files: a recorded or hand-written timeline of joins and departures.
 *
 *   # comment lines and blank lines are ignored; so is anything after a '#'
 *   <time> <JOIN|LEAVE|CRASH> <slot>
 *
 * - time: when the event happens, counted from `churn.start` (default: the end of the warm-up).
 *   A plain number is seconds; a unit may follow, attached or after a space: 90, 1.5 min, 250ms.
 * - JOIN: a new node starts on the slot. LEAVE: the node leaves gracefully (RELOAD Leave).
 *   CRASH: the node stops silently. Keywords are case-insensitive.
 * - slot: an integer from 0 to overlay.peers - 1.
 * - Times never decrease from one line to the next. A slot alternates: JOIN only when it is down,
 *   LEAVE or CRASH only when it is up.
 * - A slot whose first event is JOIN starts down; every other slot (even one the trace never names)
 *   starts up and stays up until its first LEAVE or CRASH.
 *
 * A bad line is reported with the file, the line number and what was expected.
 */
import fs from 'node:fs';
import { ScenarioError, type Problem } from './errors.ts';
import { parseQuantity, QUANTITY_EXPECTED } from './quantities.ts';

export const CHURN_KINDS = ['join', 'leave', 'crash'] as const;
export type ChurnKind = (typeof CHURN_KINDS)[number];

/** A parsed trace, in columns: event i is (times[i], kinds[i], slots[i]). */
export interface ChurnTrace {
  /** 1 where the slot is up at time 0 of the trace. */
  readonly initialUp: Uint8Array;
  /** Microseconds from the trace's time 0, non-decreasing. */
  readonly times: Float64Array;
  /** Index into CHURN_KINDS. */
  readonly kinds: Uint8Array;
  readonly slots: Int32Array;
  readonly length: number;
}

const MAX_PROBLEMS = 20;
const LINE_FORMAT = '"<time> <JOIN|LEAVE|CRASH> <slot>"';

export function loadChurnTrace(filePath: string, peers: number, displayName = filePath): ChurnTrace {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    const reason = code === 'ENOENT' ? 'no such file' : typeof code === 'string' ? code : 'unreadable';
    throw new ScenarioError([{ file: displayName, path: '', found: reason, expected: 'a readable churn trace file' }]);
  }
  return parseChurnTrace(text, displayName, peers);
}

export function parseChurnTrace(text: string, fileName: string, peers: number): ChurnTrace {
  const problems: Problem[] = [];
  let extra = 0;
  const problem = (line: number, found: string, expected: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file: fileName, line, path: '', found, expected });
    else extra++;
  };

  const lines = text.split(/\r?\n/);
  const times: number[] = [];
  const kinds: number[] = [];
  const slots: number[] = [];
  // Per slot: 0 unseen, 1 up, 2 down; and the line of its last event, for messages.
  const state = new Uint8Array(peers);
  const initialUp = new Uint8Array(peers).fill(1);
  const lastLine = new Int32Array(peers);
  let lastTime = 0;
  let lastTimeText = '';
  let lastTimeLine = 0;

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const content = raw.replace(/#.*$/, '').trim();
    if (content === '') return;
    let tokens = content.split(/\s+/);
    // "12.5 s JOIN 3": the unit is its own token.
    if (tokens.length === 4 && /^[a-zµ]+$/i.test(tokens[1]!)) tokens = [`${tokens[0]} ${tokens[1]}`, tokens[2]!, tokens[3]!];
    if (tokens.length !== 3) return problem(lineNo, JSON.stringify(content), `a line ${LINE_FORMAT}`);
    const [timeText, kindText, slotText] = tokens as [string, string, string];

    const time = parseQuantity('time', timeText);
    const kind = CHURN_KINDS.indexOf(kindText.toLowerCase() as ChurnKind);
    const slot = /^\d+$/.test(slotText) ? Number(slotText) : NaN;
    let ok = true;
    if (time === undefined) {
      problem(lineNo, `time ${JSON.stringify(timeText)}`, QUANTITY_EXPECTED.time);
      ok = false;
    }
    if (kind < 0) {
      problem(lineNo, `event ${JSON.stringify(kindText)}`, 'JOIN, LEAVE or CRASH');
      ok = false;
    }
    if (!(slot < peers)) {
      problem(lineNo, `slot ${JSON.stringify(slotText)}`, `a slot from 0 to ${peers - 1} (overlay.peers is ${peers})`);
      ok = false;
    }
    if (!ok || time === undefined) return;

    if (time < lastTime) {
      problem(lineNo, `time ${timeText} after ${lastTimeText} on line ${lastTimeLine}`, 'times in non-decreasing order');
      return;
    }
    lastTime = time;
    lastTimeText = timeText;
    lastTimeLine = lineNo;

    const s = state[slot]!;
    if (kind === 0) {
      if (s === 1) return problem(lineNo, `JOIN of slot ${slot}, which is up since line ${lastLine[slot]}`, 'LEAVE or CRASH for an up slot');
      if (s === 0) initialUp[slot] = 0;
      state[slot] = 1;
    } else {
      if (s === 2) {
        return problem(lineNo, `${kindText.toUpperCase()} of slot ${slot}, which is down since line ${lastLine[slot]}`, 'JOIN for a down slot');
      }
      state[slot] = 2;
    }
    lastLine[slot] = lineNo;
    times.push(time);
    kinds.push(kind);
    slots.push(slot);
  });

  if (extra > 0) problems.push({ file: fileName, path: '', found: `${extra} more problems`, expected: 'a valid trace' });
  if (problems.length > 0) throw new ScenarioError(problems);
  return {
    initialUp,
    times: Float64Array.from(times),
    kinds: Uint8Array.from(kinds),
    slots: Int32Array.from(slots),
    length: times.length,
  };
}
