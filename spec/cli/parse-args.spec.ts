import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit-codes.js';
import { parseArgs } from '../../src/cli/parse-args.js';

const SPECS = { addr: 'string', tls: 'boolean', 'rpc-header': 'list', v: 'boolean' } as const;

describe('parseArgs', () => {
  it.each([
    [['-addr', 'h:1']],
    [['--addr', 'h:1']],
    [['-addr=h:1']],
    [['--addr=h:1']],
  ])('reads a value from %j', (argv) => {
    expect(parseArgs(argv, SPECS).flags).toEqual({ addr: 'h:1' });
  });

  it('takes the next argument as the value even when it starts with a dash, as Go does', () => {
    expect(parseArgs(['-addr', '-v'], SPECS).flags).toEqual({ addr: '-v' });
  });

  it('keeps an empty value and everything after the first =', () => {
    expect(parseArgs(['-addr='], SPECS).flags).toEqual({ addr: '' });
    expect(parseArgs(['--addr=a=b'], SPECS).flags).toEqual({ addr: 'a=b' });
  });

  it('reads booleans as a bare flag or with Go boolean words after =', () => {
    expect(parseArgs(['-tls', '--v'], SPECS).flags).toEqual({ tls: true, v: true });
    expect(parseArgs(['-tls=false', '-v=1'], SPECS).flags).toEqual({ tls: false, v: true });
    expect(parseArgs(['--tls=TRUE', '-v=F'], SPECS).flags).toEqual({ tls: true, v: false });
    // `-tls false` is a boolean and a positional argument, as in Go.
    expect(parseArgs(['-tls', 'false'], SPECS)).toEqual({ flags: { tls: true }, positionals: ['false'] });
  });

  it('collects a repeatable flag in order, and the last value wins for the others', () => {
    const { flags } = parseArgs(['-rpc-header', 'a: 1', '--rpc-header=b: 2', '-addr', 'x', '-addr=y'], SPECS);
    expect(flags).toEqual({ 'rpc-header': ['a: 1', 'b: 2'], addr: 'y' });
  });

  it('keeps positionals, "-" included, and takes everything after -- as positional', () => {
    expect(parseArgs(['one', '-v', '-', '--', '-addr', 'x'], SPECS)).toEqual({
      flags: { v: true },
      positionals: ['one', '-', '-addr', 'x'],
    });
  });

  it.each([
    [['-nope'], 'flag provided but not defined: -nope'],
    [['--nope=1'], 'flag provided but not defined: -nope'],
    [['-constructor'], 'flag provided but not defined: -constructor'],
    [['-addr'], 'flag needs an argument: -addr'],
    [['-tls=maybe'], 'invalid boolean value "maybe" for -tls: parse error'],
    [['---addr=x'], 'bad flag syntax: ---addr=x'],
    [['-=x'], 'bad flag syntax: -=x'],
  ])('rejects %j with Go\'s message', (argv, message) => {
    expect(() => parseArgs(argv, SPECS)).toThrow(new UsageError(message));
  });
});
