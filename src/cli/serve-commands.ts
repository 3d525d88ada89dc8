import type { SettableStatus } from '../serving-status.js';
import { UsageError } from './exit-codes.js';
import { parseSettableStatus } from './status-text.js';

/** What a line typed into `serve`'s stdin asks for. */
export type ServeCommand =
  | { kind: 'set'; service: string; status: SettableStatus }
  | { kind: 'clear'; service: string }
  | { kind: 'shutdown' | 'resume' | 'list' | 'help' | 'nothing' };

/** `serve`'s help for its stdin. */
export const SERVE_COMMANDS_HELP = `Commands on stdin, one per line:
  <service> SERVING|NOT_SERVING   set a status ("db NOT_SERVING"); a status alone, or
                                  '"" STATUS', sets the server's own status ""
  clear <service>                 forget a service (Check answers NOT_FOUND again)
  shutdown                        every service NOT_SERVING; later sets wait for resume
  resume                          back to the statuses last set
  list                            print every registered service
  help                            print this`;

// A name typed as "" is the server's own name; anything else is taken as typed.
function serviceName(text: string): string {
  return text === '""' ? '' : text;
}

/**
 * Reads one stdin line of `serve`. The last word decides: a status makes the line a `set`
 * of everything before it (so names may contain spaces); otherwise the first word is the
 * command. Blank lines and lines starting with `#` do nothing.
 *
 * @throws UsageError with a hint for a line it cannot read.
 */
export function parseServeCommand(line: string): ServeCommand {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return { kind: 'nothing' };
  const words = text.split(/\s+/);
  const status = parseSettableStatus(words.at(-1)!);
  if (status !== undefined) {
    return { kind: 'set', service: serviceName(text.slice(0, text.length - words.at(-1)!.length).trim()), status };
  }
  const [command, ...rest] = words;
  if (command === 'clear' && rest.length > 0) {
    const service = serviceName(text.slice('clear'.length).trim());
    if (service === '') throw new UsageError('the server\'s own status "" cannot be cleared; set it to NOT_SERVING instead');
    return { kind: 'clear', service };
  }
  if (rest.length === 0 && (command === 'shutdown' || command === 'resume' || command === 'list' || command === 'help')) {
    return { kind: command };
  }
  throw new UsageError(
    `cannot read ${JSON.stringify(text)}: type "<service> SERVING|NOT_SERVING", "clear <service>", "shutdown", "resume", "list" or "help"`,
  );
}
