/**
 * Captures everything written to process.stdout, process.stderr and the console while active, so a
 * test can prove what never reaches the logs. Output is swallowed, not echoed.
 */
export class OutputCapture {
  private chunks: string[] = [];
  private restoreFns: (() => void)[] = [];

  start(): void {
    if (this.restoreFns.length > 0) return;
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write;
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
        callback?.();
        return true;
      }) as typeof stream.write;
      this.restoreFns.push(() => {
        stream.write = original;
      });
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        this.chunks.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') + '\n');
      };
      this.restoreFns.push(() => {
        console[method] = original;
      });
    }
  }

  stop(): void {
    for (const restore of this.restoreFns.splice(0).reverse()) restore();
  }

  /** Where the output is now; pass it to text() to see only what came after. */
  mark(): number {
    return this.chunks.length;
  }

  text(from = 0): string {
    return this.chunks.slice(from).join('');
  }

  lines(from = 0): string[] {
    return this.text(from)
      .split('\n')
      .filter((line) => line.trim() !== '');
  }
}
