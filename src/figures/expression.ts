/**
 * Arithmetic expressions of x for figure files: reference curves ("0.5*log2(x)") and the targets of
 * checks. Numbers, x, pi, e, + - * / ^ (right-associative), parentheses and the functions below;
 * nothing else, so a figure file cannot run code.
 */

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

export type Compiled = (x: number) => number;

const FUNCTIONS: Readonly<Record<string, { args: readonly number[]; fn: (...a: number[]) => number }>> = {
  log2: { args: [1], fn: (a) => Math.log2(a!) },
  log10: { args: [1], fn: (a) => Math.log10(a!) },
  ln: { args: [1], fn: (a) => Math.log(a!) },
  /** log(a) is the natural logarithm, log(a, b) the logarithm of a in base b. */
  log: { args: [1, 2], fn: (a, b) => (b === undefined ? Math.log(a!) : Math.log(a!) / Math.log(b)) },
  sqrt: { args: [1], fn: (a) => Math.sqrt(a!) },
  exp: { args: [1], fn: (a) => Math.exp(a!) },
  abs: { args: [1], fn: (a) => Math.abs(a!) },
  min: { args: [2], fn: (a, b) => Math.min(a!, b!) },
  max: { args: [2], fn: (a, b) => Math.max(a!, b!) },
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** What an expression may contain, for error messages. */
export const EXPRESSION_EXPECTED = `an expression of x, e.g. 0.5*log2(x) (numbers, x, pi, e, + - * / ^, parentheses, ${Object.keys(FUNCTIONS).join(', ')})`;

type Token = { kind: 'num'; value: number; at: number } | { kind: 'id'; name: string; at: number } | { kind: 'op'; op: string; at: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num !== null) {
      out.push({ kind: 'num', value: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id !== null) {
      out.push({ kind: 'id', name: id[0], at: i });
      i += id[0].length;
      continue;
    }
    if ('+-*/^(),'.includes(ch)) {
      out.push({ kind: 'op', op: ch, at: i });
      i++;
      continue;
    }
    throw new ExpressionError(`unexpected character ${JSON.stringify(ch)} at ${i + 1}`);
  }
  return out;
}

/** Parses an expression of x; throws ExpressionError with the reason. */
export function compileExpression(text: string): Compiled {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (t: Token | undefined, op: string): boolean => t !== undefined && t.kind === 'op' && t.op === op;
  const expect = (op: string): void => {
    const t = peek();
    if (!isOp(t, op)) throw new ExpressionError(t === undefined ? `missing "${op}" at the end` : `expected "${op}" at ${t.at + 1}`);
    pos++;
  };

  const expr = (): Compiled => {
    let left = term();
    for (;;) {
      const t = peek();
      if (isOp(t, '+') || isOp(t, '-')) {
        pos++;
        const a = left;
        const b = term();
        left = (t as { op: string }).op === '+' ? (x) => a(x) + b(x) : (x) => a(x) - b(x);
      } else return left;
    }
  };
  const term = (): Compiled => {
    let left = unary();
    for (;;) {
      const t = peek();
      if (isOp(t, '*') || isOp(t, '/')) {
        pos++;
        const a = left;
        const b = unary();
        left = (t as { op: string }).op === '*' ? (x) => a(x) * b(x) : (x) => a(x) / b(x);
      } else return left;
    }
  };
  const unary = (): Compiled => {
    if (isOp(peek(), '-')) {
      pos++;
      const a = unary();
      return (x) => -a(x);
    }
    if (isOp(peek(), '+')) {
      pos++;
      return unary();
    }
    return power();
  };
  const power = (): Compiled => {
    const base = primary();
    if (isOp(peek(), '^')) {
      pos++;
      const exponent = unary();
      return (x) => Math.pow(base(x), exponent(x));
    }
    return base;
  };
  const primary = (): Compiled => {
    const t = peek();
    if (t === undefined) throw new ExpressionError('the expression ends too early');
    pos++;
    if (t.kind === 'num') {
      const v = t.value;
      return () => v;
    }
    if (t.kind === 'op') {
      if (t.op !== '(') throw new ExpressionError(`unexpected "${t.op}" at ${t.at + 1}`);
      const inner = expr();
      expect(')');
      return inner;
    }
    if (t.name === 'x') return (x) => x;
    const constant = CONSTANTS[t.name];
    if (constant !== undefined) return () => constant;
    const f = FUNCTIONS[t.name];
    if (f === undefined) throw new ExpressionError(`unknown name "${t.name}" at ${t.at + 1}`);
    expect('(');
    const args: Compiled[] = [expr()];
    while (isOp(peek(), ',')) {
      pos++;
      args.push(expr());
    }
    expect(')');
    if (!f.args.includes(args.length)) throw new ExpressionError(`${t.name} takes ${f.args.join(' or ')} argument(s), got ${args.length}`);
    const fn = f.fn;
    return args.length === 1 ? (x) => fn(args[0]!(x)) : (x) => fn(...args.map((a) => a(x)));
  };

  if (tokens.length === 0) throw new ExpressionError('the expression is empty');
  const compiled = expr();
  const rest = peek();
  if (rest !== undefined) throw new ExpressionError(`unexpected ${rest.kind === 'op' ? `"${rest.op}"` : rest.kind === 'num' ? String(rest.value) : `"${rest.name}"`} at ${rest.at + 1}`);
  return compiled;
}
