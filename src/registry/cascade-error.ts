import { quoteServiceName } from '../quote-service-name.js';
import { MAX_CASCADE_DEPTH, MAX_PUBLISH_ROUNDS, type CascadeTrouble } from './service-entry.js';

/** The error a cascade's trouble is reported with; `caller` is what made the change. */
export function cascadeError(service: string, trouble: CascadeTrouble | undefined, caller: string): Error | undefined {
  if (trouble === undefined) return undefined;
  const what = caller === 'binding' ? 'has ended' : 'was ignored';
  if (trouble === 'too-deep') {
    return new Error(
      `HealthRegistry: setting ${quoteServiceName(service)} would nest ${MAX_CASCADE_DEPTH + 1} sets inside each other ` +
        `(a watcher that sets another service from every notification, without end?); nothing changed, and the ${caller} ` +
        `that set it ${what}`,
    );
  }
  return new Error(
    `HealthRegistry: ${quoteServiceName(service)} changed ${MAX_PUBLISH_ROUNDS} times within one set() without ` +
      `settling, a feedback loop (say, two bindings that contradict each other); it is NOT_SERVING now, and the ${caller} ` +
      `that closed it ${what}`,
  );
}
