import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** One import of one file of src/: what it names, and whether only types. */
export interface ImportEdge {
  /** The imported file, relative to src/ (`registry/health-registry.ts`), `npm:` and a package, or a `node:` module. */
  to: string;
  /** The names it imports (`attachWatcher`), empty for `import * as`, `export *` or `import()`. */
  names: string[];
  typeOnly: boolean;
}

/** src/'s files (relative paths, `.ts` only) and each one's imports. */
export type ImportGraph = Map<string, ImportEdge[]>;

// `import ... from '...'` and `export ... from '...'` at the start of a line (TSDoc examples are
// inside comment lines that start with ` *`, so they never match), and `import('...')`.
const STATIC = /^(import|export)\s+(type\s+)?([^;]*?)\s*from\s+'([^']+)'/gms;
const DYNAMIC = /\bimport\(\s*'([^']+)'\s*\)/g;

/** Reads every `.ts` file under `root` and the imports it makes, type-only ones too. */
export function readImportGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) graph.set(relative(root, path), parseImports(root, path));
    }
  };
  visit(root);
  return graph;
}

function parseImports(root: string, file: string): ImportEdge[] {
  const code = readFileSync(file, 'utf8');
  const resolve = (specifier: string) => {
    if (specifier.startsWith('node:')) return specifier;
    if (!specifier.startsWith('.')) {
      const parts = specifier.split('/');
      return `npm:${specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]}`;
    }
    return relative(root, join(dirname(file), specifier.replace(/\.js$/, '.ts')));
  };
  const edges: ImportEdge[] = [];
  for (const [, , typeKeyword, clause, specifier] of code.matchAll(STATIC)) {
    const braces = /\{([^}]*)\}/.exec(clause!)?.[1] ?? '';
    const parts = braces.split(',').map((part) => part.trim()).filter(Boolean);
    const names = parts.map((part) => part.replace(/^type\s+/, '').split(/\s+as\s+/)[0]!);
    const typeOnly = typeKeyword !== undefined || (parts.length > 0 && parts.every((part) => part.startsWith('type ')));
    edges.push({ to: resolve(specifier!), names, typeOnly });
  }
  for (const [, specifier] of code.matchAll(DYNAMIC)) edges.push({ to: resolve(specifier!), names: [], typeOnly: false });
  return edges;
}

/** Every import circle, each as the files along it (the first repeated at the end). */
export function findCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (file: string) => {
    if (onPath.has(file)) {
      cycles.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    if (done.has(file)) return;
    path.push(file);
    onPath.add(file);
    for (const edge of graph.get(file) ?? []) visit(edge.to);
    path.pop();
    onPath.delete(file);
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return cycles;
}

/**
 * The room a file lives in: its top folder (`registry/`), or the file itself when it sits in
 * src/ directly (`serving-status.ts`).
 */
export function roomOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? file : file.slice(0, slash + 1);
}

/**
 * Imports that break the layering: `layers` lists the rooms lowest first; a file may import from
 * its own room and from rooms of lower layers, never from another room of its layer or above.
 * A file whose room no layer lists is reported too, so that a new folder gets a place.
 */
export function findLayerViolations(graph: ImportGraph, layers: readonly (readonly string[])[]): string[] {
  const levelOf = new Map(layers.flatMap((rooms, level) => rooms.map((room) => [room, level] as const)));
  const violations: string[] = [];
  for (const [file, edges] of graph) {
    const from = roomOf(file);
    const level = levelOf.get(from);
    if (level === undefined) {
      violations.push(`${file}: its room ${from} has no layer`);
      continue;
    }
    for (const edge of edges) {
      if (!edge.to.endsWith('.ts')) continue; // a package, or a node: module
      const to = roomOf(edge.to);
      if (to === from) continue;
      const target = levelOf.get(to);
      if (target === undefined || target >= level) {
        const where = target === undefined ? 'no layer' : target === level ? 'the same layer' : 'a higher layer';
        violations.push(`${file} imports ${edge.to}: ${to} is on ${where}`);
      }
    }
  }
  return violations;
}
