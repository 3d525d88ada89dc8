import { describe, expect, it } from 'vitest';
import { quoteServiceName } from '../src/quote-service-name.js';

describe('quoteServiceName', () => {
  it('quotes a name of up to 128 characters whole', () => {
    expect(quoteServiceName('db')).toBe('"db"');
    expect(quoteServiceName('x'.repeat(128))).toBe(`"${'x'.repeat(128)}"`);
  });

  it('cuts a longer name to 128 characters and gives its length', () => {
    expect(quoteServiceName('y'.repeat(1024 * 1024))).toBe(`"${'y'.repeat(128)}"... (1048576 characters)`);
  });
});
