import { within } from './bounded.js';

/** One Server-Sent Event as the stream carried it, or a comment line (`event: 'comment'`). */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Reads a `text/event-stream` response with fetch and parses it into `events` (the SSE
 * format: fields up to a blank line), so a spec can await the event it expects, bounded.
 */
export class SseReader {
  readonly events: SseEvent[] = [];
  readonly controller = new AbortController();
  response!: Response;
  ended = false;
  #waiters: Array<() => void> = [];

  static async open(url: string, ms = 5_000): Promise<SseReader> {
    const reader = new SseReader();
    reader.response = await within(ms, `the response headers of ${url}`, fetch(url, { signal: reader.controller.signal }));
    void reader.#read();
    return reader;
  }

  /** The `{service, status}` of the `status` events so far (their `since` left out: see {@link sinces}). */
  get statuses(): Array<{ service: string; status: string }> {
    return this.events.filter((e) => e.event === 'status').map((e) => {
      const { service, status } = JSON.parse(e.data) as { service: string; status: string };
      return { service, status };
    });
  }

  /** The `since` of each `status` event so far (ms since the epoch; undefined when not sent). */
  get sinces(): Array<number | undefined> {
    return this.events.filter((e) => e.event === 'status').map((e) => (JSON.parse(e.data) as { since?: number }).since);
  }

  /** Waits until `condition` holds over the events read so far (bounded by `ms`). */
  async waitFor(what: string, condition: (events: SseEvent[]) => boolean, ms = 5_000): Promise<void> {
    await within(
      ms,
      `${what} (events so far: ${JSON.stringify(this.events.slice(-10))})`,
      new Promise<void>((resolve) => {
        const check = () => {
          if (condition(this.events) || this.ended) resolve();
          else this.#waiters.push(check);
        };
        check();
      }),
    );
    if (!condition(this.events)) throw new Error(`the stream ended before ${what}: ${JSON.stringify(this.events)}`);
  }

  /** Waits for the server to end the stream (bounded by `ms`). */
  async waitForEnd(ms = 5_000): Promise<void> {
    await within(ms, 'the stream to end', new Promise<void>((resolve) => {
      const check = () => (this.ended ? resolve() : this.#waiters.push(check));
      check();
    }));
  }

  close(): void {
    this.controller.abort();
  }

  async #read(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of this.response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          this.#parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        this.#wake();
      }
    } catch {
      // aborted by close()
    }
    this.ended = true;
    this.#wake();
  }

  #parse(block: string): void {
    const event: SseEvent = { event: 'message', data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) event.event = 'comment';
      else if (line.startsWith('event: ')) event.event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
      else if (line.startsWith('retry: ')) event.event = 'retry';
    }
    event.data = event.event === 'retry' ? block.slice(7) : event.event === 'comment' ? block.slice(1).trim() : data.join('\n');
    this.events.push(event);
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
