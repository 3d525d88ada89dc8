// The least a registry can do: a Map of statuses and a Set of callbacks, told on change.
export function create() {
  const statuses = new Map([['', 'SERVING']]);
  const listeners = new Set();
  return {
    subscribe(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    set(status) {
      if (statuses.get('') === status) return;
      statuses.set('', status);
      for (const listener of listeners) listener(status);
    },
  };
}
