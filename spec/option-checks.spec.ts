import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { addHealthService } from '../src/grpc-js/index.js';
import { HealthRegistry, createHealthService, gracefulShutdown, probe } from '../src/index.js';

// Every entry point checks its options when it is called, naming the bad one: a TypeError for
// a value of the wrong kind, a RangeError for a number out of range. Before, several of these
// were accepted and broke later (maxWatchers: NaN meant no limit; maxServiceNameLength: NaN made
// the grpc-js adapter refuse every call; createHealthService({}) failed every call with UNKNOWN).
const registry = new HealthRegistry();
const server = () => ({ shutdown: async () => {}, forceShutdown() {} });
const grpcServer = () => new grpc.Server();

type Row = [entry: string, call: () => unknown, error: typeof TypeError | typeof RangeError, message: RegExp];

const ROWS: Row[] = [
  // createHealthService and addHealthService: the shared rules (src/health-service-rules.ts)
  ...(
    [
      ['createHealthService', (r: unknown, o?: unknown) => createHealthService(r as never, o as never)],
      ['addHealthService', (r: unknown, o?: unknown) => addHealthService(grpcServer(), r as never, o as never)],
    ] as const
  ).flatMap(([api, make]): Row[] => [
    [api, () => make({}), TypeError, new RegExp(`^${api}\\(\\): registry must be a HealthRegistry$`)],
    [api, () => make(undefined), TypeError, /registry must be a HealthRegistry/],
    [api, () => make(registry, null), TypeError, /options must be an object, got null/],
    [api, () => make(registry, 100), TypeError, /options must be an object, got 100/],
    [api, () => make(registry, { maxWatchers: NaN }), RangeError, /maxWatchers must be a whole number of at least 0, or Infinity for no limit; got NaN/],
    [api, () => make(registry, { maxWatchers: -1 }), RangeError, /maxWatchers .* got -1/],
    [api, () => make(registry, { maxWatchers: 2.5 }), RangeError, /maxWatchers .* got 2.5/],
    [api, () => make(registry, { maxWatchers: '10' }), TypeError, /maxWatchers must be a number, got "10"/],
    [api, () => make(registry, { maxServiceNameLength: NaN }), RangeError, /maxServiceNameLength .* got NaN/],
    [api, () => make(registry, { maxListServices: NaN }), RangeError, /maxListServices .* got NaN/],
    [api, () => make(registry, { maxListServices: true }), TypeError, /maxListServices must be a number, got true/],
  ]),
  // HealthRegistry
  ['HealthRegistry', () => new HealthRegistry(null as never), TypeError, /^new HealthRegistry\(\): options must be an object, got null$/],
  ['HealthRegistry', () => new HealthRegistry({ serverStatus: 'UNKNOWN' as never }), TypeError, /serverStatus must be 'SERVING' or 'NOT_SERVING', got "UNKNOWN"/],
  ['HealthRegistry', () => new HealthRegistry({ maxServices: 0 }), RangeError, /maxServices must be a whole number of at least 1, or Infinity for no limit; got 0/],
  ['HealthRegistry', () => new HealthRegistry({ maxServices: '5' as never }), TypeError, /maxServices must be a number, got "5"/],
  ['HealthRegistry', () => new HealthRegistry({ maxServices: 1.5 }), RangeError, /maxServices .* got 1.5/],
  ['HealthRegistry', () => new HealthRegistry({ maxServiceNameLength: -1 }), RangeError, /maxServiceNameLength .* got -1/],
  ['HealthRegistry', () => new HealthRegistry({ onError: 'console' as never }), TypeError, /^new HealthRegistry\(\): onError must be a function, got "console"$/],
  ['HealthRegistry.bind', () => registry.bind('db', registry.watch('x'), null as never), TypeError, /^HealthRegistry\.bind\(\): options must be an object, got null$/],
  ['HealthRegistry.bind', () => registry.bind('db', registry.watch('x'), { onError: 1 as never }), TypeError, /^HealthRegistry\.bind\(\): onError must be a function, got 1$/],
  // probe
  ['probe', () => probe(() => true, null as never), TypeError, /^probe\(\): options must be an object, got null$/],
  ['probe', () => probe(() => true, { intervalMs: '5000' as never }), TypeError, /^probe\(\): intervalMs must be a number, got "5000"$/],
  ['probe', () => probe(() => true, { timeoutMs: NaN }), RangeError, /timeoutMs/],
  ['probe', () => probe(() => true, { failureThreshold: 1.5 }), RangeError, /failureThreshold must be an integer/],
  ['probe', () => probe(() => true, { initialStatus: 'UP' as never }), TypeError, /initialStatus must be 'SERVING' or 'NOT_SERVING', got "UP"/],
  // gracefulShutdown
  ['gracefulShutdown', () => gracefulShutdown(server(), {} as never), TypeError, /^gracefulShutdown\(\): registry must be a HealthRegistry$/],
  ['gracefulShutdown', () => gracefulShutdown(server(), registry, null as never), TypeError, /^gracefulShutdown\(\): options must be an object, got null$/],
  ['gracefulShutdown', () => gracefulShutdown(server(), registry, { signals: ['SIGTREM' as never] }), RangeError, /signals: "SIGTREM" is not a signal a process can catch/],
  ['gracefulShutdown', () => gracefulShutdown(server(), registry, { signals: ['SIGKILL'] }), RangeError, /"SIGKILL" is not a signal a process can catch/],
  ['gracefulShutdown', () => gracefulShutdown(server(), registry, { exitCode: 256 }), RangeError, /^gracefulShutdown\(\): exitCode must be from 0 to 255, got 256$/],
  ['gracefulShutdown', () => gracefulShutdown(server(), registry, { drainDelayMs: '5s' as never }), TypeError, /drainDelayMs must be a number, got "5s"/],
];

describe('option checks of every entry point', () => {
  it.each(ROWS.map(([entry, call, error, message]) => [entry, message.source, call, error, message] as const))(
    '%s: %s',
    (_, __, call, error, message) => {
      let thrown: unknown;
      try {
        call();
      } catch (e) {
        thrown = e;
      }
      expect(thrown, 'it must throw at the call').toBeInstanceOf(error);
      expect((thrown as Error).message).toMatch(message);
      expect(process.listenerCount('SIGTERM')).toBe(0); // a refused gracefulShutdown installs nothing
    },
  );

  it('accepts every option at its bounds, and Infinity where a limit may be lifted', () => {
    expect(() => createHealthService(registry, { maxWatchers: 0, maxListServices: 0, maxServiceNameLength: Infinity })).not.toThrow();
    expect(() => addHealthService(grpcServer(), registry, { maxWatchers: Infinity })).not.toThrow();
    expect(() => new HealthRegistry({ maxServices: 1, maxServiceNameLength: 0, onError: () => {} })).not.toThrow();
    const handle = gracefulShutdown(server(), registry, { signals: ['SIGUSR2'], exitCode: 0 });
    handle.dispose();
  });
});
