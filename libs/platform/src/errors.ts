import { randomUUID } from 'node:crypto';
import {
  Catch,
  HttpException,
  Inject,
  HttpStatus,
  Logger,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode } from '#domain';
import { Database, isDeadlock } from '#persistence';
import { IdempotentReplay } from './idempotency.js';
import { BODY_LIMIT_BYTES } from './json-body.js';
import { scrub } from './logger.js';
import { isPrivacyRoute, privacyMessage } from './privacy.js';

const STATUS: Record<DomainErrorCode, HttpStatus> = {
  VALIDATION: HttpStatus.BAD_REQUEST,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  NOT_SIMULATED: HttpStatus.NOT_FOUND,
  STATE_CONFLICT: HttpStatus.BAD_REQUEST,
  CONFLICT: HttpStatus.CONFLICT,
  // The contract's choice (docs/semantics.md, status codes): a key reused for another request is a
  // 409 the SDK must not retry, the one status the spec's entries leave out that the sandbox answers.
  // A request still running under the key is "try again shortly", which the SDK spells 429.
  IDEMPOTENCY_CONFLICT: HttpStatus.CONFLICT,
  IDEMPOTENCY_IN_PROGRESS: HttpStatus.TOO_MANY_REQUESTS,
};

/** Seconds a retryable answer asks the client to wait, sent as retry-after. */
const RETRY_AFTER_SECONDS = 1;

/** Failures that will fail again: the SDK must not retry them (it retries 408, 409, 429 and 5xx). */
const RETRYABLE: ReadonlySet<DomainErrorCode> = new Set(['IDEMPOTENCY_IN_PROGRESS']);

export interface ErrorBody {
  debugging_request_id: string;
  message: string;
  [extra: string]: unknown;
}

export function requestId(request: FastifyRequest | undefined): string {
  return String(request?.id ?? randomUUID());
}

/** Writes the error body (answerError) for every failure, at one edge. */
@Catch()
export class LithicErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(@Inject(Database) private readonly database: Database) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof IdempotentReplay) return exception.send(reply);
    // The request's Idempotency-Key, if it claimed one, is freed as this answer is sent.
    request.idempotencyFailed = true;
    // A write that lost a race with a delete or reset of its account: a 401 or 404, not a 500.
    const vanished = this.database.domainErrorOf(exception);
    const { status, message, retry } = describe(vanished ?? exception, request, this.database);
    if (retry && status < 500) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    // A request that outlives the pool is expected while stopping, and a lost deadlock is retried:
    // neither is a fault to log.
    if (status >= 500 && !this.database.isClosing && !isDeadlock(exception))
      this.logger.error({
        msg: 'unhandled error',
        request_id: requestId(request),
        error: errorSummary(exception),
      });
    answerError(request, reply, status, message, retry);
  }
}

/** Lithic's body `{debugging_request_id, message}`; on Privacy.com's routes Privacy's, `{message}`, with its texts. */
export function answerError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  retry = false,
): void {
  if (isPrivacyRoute(request))
    sendError(reply, status, { message: privacyMessage(request, status, message) }, retry);
  else sendError(reply, status, { debugging_request_id: requestId(request), message }, retry);
}

function sendError(
  reply: FastifyReply,
  status: number,
  body: ErrorBody | { message: string },
  retry = false,
): void {
  if (!retry) reply.header('x-should-retry', 'false');
  // Messages may echo a path or a field name, and a client may have put a card number there.
  void reply.status(status).send({ ...body, message: scrub(body.message) });
}

function describe(
  exception: unknown,
  request: FastifyRequest,
  database: Database,
): { status: number; message: string; retry: boolean } {
  // Refused by fastify before parsing: name the limit the client must meet.
  switch (statusOf(exception)) {
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return {
        status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        message: contentTypeMessage(request),
        retry: false,
      };
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return {
        status: HttpStatus.PAYLOAD_TOO_LARGE,
        message: `body must be at most ${BODY_LIMIT_BYTES} bytes`,
        retry: false,
      };
  }
  if (exception instanceof DomainError) {
    return {
      status: STATUS[exception.code],
      message: exception.message,
      retry: RETRYABLE.has(exception.code),
    };
  }
  if (exception instanceof NotFoundException && isRouteNotFound(exception)) {
    return {
      status: HttpStatus.NOT_FOUND,
      message: `The sandbox does not simulate ${request.method} ${request.url.split('?')[0]}`,
      retry: false,
    };
  }
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    const text =
      typeof response === 'string' ? response : (response as { message?: string | string[] }).message;
    return {
      status: exception.getStatus(),
      message: Array.isArray(text) ? text.join('; ') : (text ?? exception.message),
      retry: exception.getStatus() >= 500,
    };
  }
  if (database.isClosing) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      message: 'The sandbox is shutting down; retry against a running instance',
      retry: true,
    };
  }
  // A 503, not a 409: the spec lists no 409 on most operations, and a lost deadlock is the server's
  // transient failure, which the SDK retries.
  if (isDeadlock(exception)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      message: 'The request collided with a concurrent change to the same account; retry it',
      retry: true,
    };
  }
  // Fastify's own errors, raised before routing, carry a 4xx status; Nest hands them to this filter.
  const fastifyStatus = (exception as { statusCode?: number }).statusCode;
  if (fastifyStatus && fastifyStatus >= 400 && fastifyStatus < 500) {
    return { status: fastifyStatus, message: fastifyMessage(exception as Error), retry: false };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    message: 'Internal error; the sandbox logged it',
    retry: true,
  };
}

function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  return (exception as { statusCode?: number } | null)?.statusCode;
}

/** Names the one content type the API reads, and the one it was sent, if any. */
function contentTypeMessage(request: FastifyRequest): string {
  const sent = request.headers['content-type'];
  return `Content-Type must be application/json${sent ? `, not ${sent.slice(0, 100)}` : ' (none was sent)'}`;
}

function isRouteNotFound(exception: NotFoundException): boolean {
  return /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(exception.message);
}

/** Fastify's body-parsing errors (malformed JSON, too large, wrong type): say they are about the body. */
function fastifyMessage(error: Error & { code?: string }): string {
  return /body|json|content-type|media type/i.test(error.message) ? `body: ${error.message}` : error.message;
}

/** The error's class and message, never a request body: bodies may carry a PAN. */
function errorSummary(exception: unknown): string {
  return exception instanceof Error
    ? `${exception.name}: ${exception.message}\n${exception.stack ?? ''}`
    : String(exception);
}
