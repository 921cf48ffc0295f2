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
import { BODY_LIMIT_BYTES } from './json-body.js';
import { scrub } from './logger.js';

const STATUS: Record<DomainErrorCode, HttpStatus> = {
  VALIDATION: HttpStatus.BAD_REQUEST,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  NOT_SIMULATED: HttpStatus.NOT_FOUND,
  STATE_CONFLICT: HttpStatus.BAD_REQUEST,
  CONFLICT: HttpStatus.CONFLICT,
  IDEMPOTENCY_CONFLICT: HttpStatus.CONFLICT,
  IDEMPOTENCY_IN_PROGRESS: HttpStatus.CONFLICT,
};

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

/** Writes Lithic's error body `{debugging_request_id, message}` for every failure, at one edge. */
@Catch()
export class LithicErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(@Inject(Database) private readonly database: Database) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // A write that lost a race with a delete or reset of its account: a 401 or 404, not a 500.
    const vanished = this.database.domainErrorOf(exception);
    const { status, message, retry } = describe(vanished ?? exception, request);
    if (status >= 500)
      this.logger.error({
        msg: 'unhandled error',
        request_id: requestId(request),
        error: errorSummary(exception),
      });
    sendError(reply, status, { debugging_request_id: requestId(request), message }, retry);
  }
}

export function sendError(reply: FastifyReply, status: number, body: ErrorBody, retry = false): void {
  if (!retry) reply.header('x-should-retry', 'false');
  // Messages may echo a path or a field name, and a client may have put a card number there.
  void reply.status(status).send({ ...body, message: scrub(body.message) });
}

function describe(
  exception: unknown,
  request: FastifyRequest,
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
  if (isDeadlock(exception)) {
    return {
      status: HttpStatus.CONFLICT,
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
