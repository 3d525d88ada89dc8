import { UsageError } from './exit-codes.js';

// Go's time.Duration is an int64 of nanoseconds (about 2562047h): ParseDuration rejects more.
const MAX_GO_DURATION_NANOS = 9_223_372_036_854_775_807;

const NANOS_PER_UNIT: Record<string, number> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};

/**
 * Parses a duration the way Go's `time.ParseDuration` does (`1s`, `250ms`, `1m30s`, `1.5h`,
 * `0`), because grpc_health_probe's `-connect-timeout` and `-rpc-timeout` take Go durations.
 * Returns milliseconds.
 *
 * @throws UsageError naming `flag` for anything else, a bare number like `5` included.
 */
export function parseGoDuration(text: string, flag: string): number {
  const invalid = () => new UsageError(`invalid value ${JSON.stringify(text)} for flag -${flag}: parse error`);
  const match = /^([-+]?)(.*)$/.exec(text)!;
  const sign = match[1] === '-' ? -1 : 1;
  const rest = match[2]!;
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let nanos = 0;
  const part = /(\d*\.?\d*)([a-zµμ]+)/gy;
  let consumed = 0;
  for (let found = part.exec(rest); found !== null; found = part.exec(rest)) {
    const [whole, number, unit] = found as unknown as [string, string, string];
    if (number === '' || number === '.' || !Object.hasOwn(NANOS_PER_UNIT, unit)) throw invalid();
    nanos += Number(number) * NANOS_PER_UNIT[unit]!;
    consumed += whole.length;
  }
  if (consumed !== rest.length || nanos > MAX_GO_DURATION_NANOS) throw invalid();
  return (sign * nanos) / 1e6;
}

function withFraction(nanos: number, unit: number, suffix: string): string {
  const whole = Math.floor(nanos / unit);
  const fraction = String(nanos % unit)
    .padStart(Math.round(Math.log10(unit)), '0')
    .replace(/0+$/, '');
  return `${whole}${fraction === '' ? '' : `.${fraction}`}${suffix}`;
}

/**
 * Formats milliseconds as Go's `time.Duration.String()` does (`1s`, `250ms`, `1m30s`,
 * `1.234567ms`), so that messages read exactly like grpc_health_probe's.
 */
export function formatGoDuration(ms: number): string {
  const nanos = Math.round(Math.abs(ms) * 1e6);
  const sign = ms < 0 && nanos > 0 ? '-' : '';
  if (nanos === 0) return '0s';
  if (nanos < 1e3) return `${sign}${nanos}ns`;
  if (nanos < 1e6) return sign + withFraction(nanos, 1e3, 'µs');
  if (nanos < 1e9) return sign + withFraction(nanos, 1e6, 'ms');
  const hours = Math.floor(nanos / 3600e9);
  const minutes = Math.floor((nanos % 3600e9) / 60e9);
  const seconds = withFraction(nanos % 60e9, 1e9, 's');
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return sign + seconds;
}
