import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit-codes.js';
import { parseServeCommand } from '../../src/cli/serve-commands.js';

describe('parseServeCommand', () => {
  it.each([
    ['db NOT_SERVING', { kind: 'set', service: 'db', status: 'NOT_SERVING' }],
    ['  grpc.health.v1.Health   serving ', { kind: 'set', service: 'grpc.health.v1.Health', status: 'SERVING' }],
    ['my service not-serving', { kind: 'set', service: 'my service', status: 'NOT_SERVING' }],
    ['NOT_SERVING', { kind: 'set', service: '', status: 'NOT_SERVING' }],
    ['"" SERVING', { kind: 'set', service: '', status: 'SERVING' }],
    ['clear SERVING', { kind: 'set', service: 'clear', status: 'SERVING' }],
    ['clear db', { kind: 'clear', service: 'db' }],
    ['shutdown', { kind: 'shutdown' }],
    ['resume', { kind: 'resume' }],
    ['list', { kind: 'list' }],
    ['help', { kind: 'help' }],
    ['', { kind: 'nothing' }],
    ['# a comment', { kind: 'nothing' }],
  ])('reads %j', (line, command) => {
    expect(parseServeCommand(line)).toEqual(command);
  });

  it.each(['db', 'db UNKNOWN', 'db SERVICE_UNKNOWN', 'shutdown now', 'clear'])('rejects %j with a hint', (line) => {
    expect(() => parseServeCommand(line)).toThrow(/^cannot read .*type "<service> SERVING\|NOT_SERVING"/);
  });

  it('refuses to clear the server\'s own status', () => {
    expect(() => parseServeCommand('clear ""')).toThrow(UsageError);
  });
});
