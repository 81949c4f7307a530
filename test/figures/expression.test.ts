import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError } from '../../src/figures/expression.ts';

describe('figure expressions', () => {
  it('evaluate arithmetic of x with precedence, right-associative powers and the functions', () => {
    const at = (text: string, x: number) => compileExpression(text)(x);
    expect(at('0.5*log2(x)', 1024)).toBe(5);
    expect(at('1 + 2 * x', 3)).toBe(7);
    expect(at('(1 + 2) * x', 3)).toBe(9);
    expect(at('2^3^2', 0)).toBe(512);
    expect(at('-x^2', 3)).toBe(-9);
    expect(at('log(x, 2)', 8)).toBeCloseTo(3, 12);
    expect(at('ln(e) + log10(100) + sqrt(16) + abs(-2) + min(1, 2) + max(1, 2) + exp(0)', 0)).toBe(1 + 2 + 4 + 2 + 1 + 2 + 1);
    expect(at('x / 4 - 1e1', 8)).toBe(-8);
    expect(at('pi', 0)).toBe(Math.PI);
  });

  it('reject what is not an expression of x, saying why', () => {
    const why = (text: string) => {
      try {
        compileExpression(text);
      } catch (err) {
        expect(err).toBeInstanceOf(ExpressionError);
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(why('lg2(x)')).toBe('unknown name "lg2" at 1');
    expect(why('y + 1')).toBe('unknown name "y" at 1');
    expect(why('1 +')).toBe('the expression ends too early');
    expect(why('(1 + x')).toBe('missing ")" at the end');
    expect(why('1 2')).toBe('unexpected 2 at 3');
    expect(why('x; 1')).toBe('unexpected character ";" at 2');
    expect(why('log2(x, 2)')).toBe('log2 takes 1 argument(s), got 2');
    expect(why('')).toBe('the expression is empty');
  });
});
