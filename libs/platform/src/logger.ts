import type { LoggerService, LogLevel } from '@nestjs/common';

const ORDER: Record<string, number> = { debug: 0, verbose: 0, info: 1, log: 1, warn: 2, error: 3, fatal: 4 };

/**
 * Any run of 13 or more digits may be or contain a PAN: mask all but its last four, whatever put it
 * in a log line and whatever is glued to it (`/v1/cards/pan4111...` has no word boundary before it).
 */
const PAN_LIKE = /\d{13,}/g;
export function scrub(text: string): string {
  return text.replace(PAN_LIKE, (digits) => `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`);
}

const NEST_BOOT = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** One JSON object per line on stdout; card numbers never reach it. */
export class JsonLogger implements LoggerService {
  private readonly min: number;

  constructor(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
    // An unknown level (a typo in LOG_LEVEL) logs at info, so the configuration error itself shows.
    this.min = ORDER[level] ?? ORDER.info;
  }

  enabled(level: string): boolean {
    return ORDER[level] >= this.min;
  }

  write(level: string, fields: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    const line = JSON.stringify({
      level: level === 'log' ? 'info' : level,
      time: new Date().toISOString(),
      ...fields,
    });
    process.stdout.write(scrub(line) + '\n');
  }

  log(message: unknown, context?: string): void {
    // Nest's boot chatter (modules loaded, routes mapped) is for debugging; the banner says "ready".
    this.write(context && NEST_BOOT.has(context) ? 'debug' : 'info', entry(message, context));
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    // Nest's ExceptionHandler reports a boot failure that bootstrap() then states in one sentence.
    const level = (context ?? stackOrContext) === 'ExceptionHandler' ? 'debug' : 'error';
    this.write(level, {
      ...entry(message, context ?? stackOrContext),
      ...(context ? { stack: stackOrContext } : {}),
    });
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', entry(message, context));
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', entry(message, context));
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', entry(message, context));
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', entry(message, context));
  }
  setLogLevels?(_levels: LogLevel[]): void {}
}

function entry(message: unknown, context?: string): Record<string, unknown> {
  if (message instanceof Error)
    return { ...(context ? { context } : {}), msg: message.message, error: message.name };
  const fields =
    typeof message === 'object' && message !== null
      ? (message as Record<string, unknown>)
      : { msg: String(message) };
  return context ? { context, ...fields } : fields;
}
