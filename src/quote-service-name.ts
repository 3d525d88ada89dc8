/**
 * A service name quoted for an error's details, cut to its first 128 characters (with its
 * length) when longer.
 *
 * NOTE: details travel in the grpc-message trailer. A long name quoted whole can exceed the
 * client's header limit, and the failed trailer stalls the connection for every call on it.
 */
export function quoteServiceName(service: string): string {
  if (service.length <= 128) return JSON.stringify(service);
  return `${JSON.stringify(service.slice(0, 128))}... (${service.length} characters)`;
}
