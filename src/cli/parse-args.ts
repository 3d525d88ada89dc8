import { UsageError } from './exit-codes.js';

/** How a flag takes its value: a switch, one string, or a string that may be repeated. */
export type FlagKind = 'boolean' | 'string' | 'list';

/** The flags a command accepts, by name (without dashes). */
export type FlagSpecs = Record<string, FlagKind>;

/** The parsed value of each flag given; flags not given are absent. */
export type FlagValues<S extends FlagSpecs> = {
  [N in keyof S]?: S[N] extends 'boolean' ? boolean : S[N] extends 'list' ? string[] : string;
};

/** What {@link parseArgs} found: flag values, and the arguments that are not flags. */
export interface ParsedArgs<S extends FlagSpecs> {
  flags: FlagValues<S>;
  positionals: string[];
}

// Go's strconv.ParseBool, which grpc_health_probe's flag package uses for `-tls=false`.
const GO_BOOLEANS: Record<string, boolean> = {
  1: true, t: true, T: true, true: true, TRUE: true, True: true,
  0: false, f: false, F: false, false: false, FALSE: false, False: false,
};

/**
 * Parses arguments the way Go's `flag` package does (grpc_health_probe is a Go program), so
 * that probe command lines keep working: `-flag` and `--flag` are the same, a value is given
 * as `-flag=value` or `-flag value`, a boolean only as `-flag` or `-flag=false`, and `--`
 * ends the flags. Unlike Go, flags may also follow positional arguments.
 *
 * @throws UsageError with Go's wording for unknown flags, missing values and bad booleans.
 */
export function parseArgs<S extends FlagSpecs>(argv: readonly string[], specs: S): ParsedArgs<S> {
  const flags: Record<string, boolean | string | string[]> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.length < 2 || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    const equals = body.indexOf('=');
    const name = equals === -1 ? body : body.slice(0, equals);
    if (name === '' || name.startsWith('-')) throw new UsageError(`bad flag syntax: ${arg}`);
    const kind = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (kind === undefined) throw new UsageError(`flag provided but not defined: -${name}`);
    if (kind === 'boolean') {
      const text = equals === -1 ? 'true' : body.slice(equals + 1);
      const value = Object.hasOwn(GO_BOOLEANS, text) ? GO_BOOLEANS[text] : undefined;
      if (value === undefined) throw new UsageError(`invalid boolean value ${JSON.stringify(text)} for -${name}: parse error`);
      flags[name] = value;
      continue;
    }
    let value: string;
    if (equals !== -1) value = body.slice(equals + 1);
    else if (i + 1 < argv.length) value = argv[++i]!;
    else throw new UsageError(`flag needs an argument: -${name}`);
    if (kind === 'list') flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    else flags[name] = value;
  }
  return { flags: flags as FlagValues<S>, positionals };
}

/** The flags every subcommand has: `-help` and `-h` ask for its usage. */
type HelpFlags = { help: 'boolean'; h: 'boolean' };

/**
 * A subcommand's flags, or `undefined` when `-help` / `-h` asks for its usage instead.
 *
 * @throws UsageError for a flag {@link parseArgs} rejects, or for any positional argument
 * (none of our subcommands takes one; Go would silently stop parsing there).
 */
export function parseCommandFlags<S extends FlagSpecs & HelpFlags>(
  argv: readonly string[],
  specs: S,
): FlagValues<S> | undefined {
  const { flags, positionals } = parseArgs(argv, specs);
  const help = flags as FlagValues<HelpFlags>;
  if (help.help || help.h) return undefined;
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  return flags;
}
