import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, findLayerViolations, readImportGraph, roomOf, type ImportGraph } from './support/import-graph.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * The rooms of src/, lowest layer first. A file imports from its own room and from lower
 * layers only: never from a sibling room of its own layer, never from above.
 */
const LAYERS = [
  // What every layer shares: the statuses, how a service name is quoted, the timer limit, the
  // checks every entry point runs on its options, the latest-value rule of every transport.
  ['serving-status.ts', 'quote-service-name.ts', 'timer-limit.ts', 'option-checks.ts', 'latest-value-slot.ts'],
  // The wire format, and the registry, which knows nothing of the wire.
  ['proto/', 'registry/'],
  // The rules of the Health service that both gRPC adapters follow, in no framework's terms.
  ['health-service-rules.ts'],
  // What plugs the registry into nice-grpc, grpc-js, HTTP and reactive code; and remote/, the
  // client side: another server's health as an Observable (the wire and grpc-js, no registry).
  ['nice-grpc/', 'grpc-js/', 'http/', 'reactive/', 'remote/'],
  // otel/ reports the registry and the probes of reactive/.
  ['otel/'],
  ['cli/'],
  ['index.ts'],
] as const;

// Packages a room may load: the registry is RxJS and nothing of the wire or the adapters.
const PACKAGES: Record<string, readonly string[]> = {
  'registry/': ['npm:rxjs'],
  'reactive/': ['npm:rxjs'],
  // The wire format needs no package: the codec is hand-written over the generated field numbers.
  'proto/': [],
};

const graph = readImportGraph(src);

describe('the layering of src/', () => {
  it('reads the imports of every file, type-only and dynamic ones included', () => {
    expect(graph.size).toBeGreaterThan(50);
    const edges = (file: string) => graph.get(file)?.map((edge) => edge.to) ?? [];
    expect(edges('cli/run-livery-health.ts')).toContain('cli/serve.ts'); // import('./serve.js')
    expect(graph.get('registry/service-entry.ts')).toContainEqual({
      to: 'serving-status.ts',
      names: ['ServingStatus', 'SettableStatus'],
      typeOnly: true,
    });
  });

  it('has no import circle (type-only imports count: they tie the files together all the same)', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('has no import from a sibling room of the same layer or from a higher layer', () => {
    expect(findLayerViolations(graph, LAYERS)).toEqual([]);
  });

  it.each(Object.entries(PACKAGES))('lets %s load no package but %j', (room, allowed) => {
    const loaded = [...graph]
      .filter(([file]) => roomOf(file) === room)
      .flatMap(([, edges]) => edges.map((edge) => edge.to).filter((to) => to.startsWith('npm:')));
    // (a room allowed a package does load it: otherwise this check would pass on a misspelt room)
    if (allowed.length > 0) expect(loaded.length).toBeGreaterThan(0);
    expect([...new Set(loaded)].filter((name) => !allowed.includes(name))).toEqual([]);
  });

  it('lets http/ and reactive/ use only what the main entry exports from the registry', () => {
    const exported = new Set(graph.get('index.ts')!.flatMap((edge) => edge.names));
    const reached = [...graph]
      .filter(([file]) => ['http/', 'reactive/'].includes(roomOf(file)))
      .flatMap(([file, edges]) =>
        edges.filter((edge) => roomOf(edge.to) === 'registry/').flatMap((edge) => edge.names.map((name) => `${file}: ${name}`)),
      );
    expect(reached.length).toBeGreaterThan(0);
    expect(reached.filter((entry) => !exported.has(entry.split(': ')[1]!))).toEqual([]);
  });
});

// The checks themselves, on graphs made up to break each rule.
describe('findCycles / findLayerViolations', () => {
  const edge = (to: string) => ({ to, names: [], typeOnly: false });
  const made: ImportGraph = new Map([
    ['a/one.ts', [edge('b/two.ts')]],
    ['b/two.ts', [edge('b/three.ts')]],
    ['b/three.ts', [edge('a/one.ts'), edge('npm:rxjs')]],
    ['c.ts', []],
  ]);

  it('finds a circle across rooms', () => {
    expect(findCycles(made)).toEqual([['a/one.ts', 'b/two.ts', 'b/three.ts', 'a/one.ts']]);
  });

  it('reports an import up a layer or across one, and a room with no layer, but not one down', () => {
    expect(findLayerViolations(made, [['a/'], ['b/']])).toEqual([
      'a/one.ts imports b/two.ts: b/ is on a higher layer',
      'c.ts: its room c.ts has no layer',
    ]);
    expect(findLayerViolations(made, [['b/', 'a/'], ['c.ts']])).toEqual([
      'a/one.ts imports b/two.ts: b/ is on the same layer',
      'b/three.ts imports a/one.ts: a/ is on the same layer',
    ]);
  });
});
