/** A raw HTTP call, for what the SDK cannot send (other auth schemes, malformed bodies, bad types). */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
}

export interface RawRequest {
  method?: string;
  /** Sent as `Authorization: <key>` unless `authorization` is given. */
  apiKey?: string;
  authorization?: string;
  /** An object is sent as JSON; a string is sent as is (with a JSON content type). */
  body?: unknown;
  headers?: Record<string, string>;
}

export async function raw(baseUrl: string, path: string, request: RawRequest = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...request.headers };
  const authorization = request.authorization ?? request.apiKey;
  if (authorization !== undefined) headers.authorization = authorization;
  let body: string | undefined;
  if (request.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  }
  const response = await fetch(`${baseUrl}${path}`, { method: request.method ?? 'GET', headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** What an SDK call threw (or resolved to), for assertions on the error's class, status and headers. */
export async function failure(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

/** Lithic's error body, as the SDK keeps it on a thrown APIError (a declined charge adds `token`). */
export interface ErrorBody {
  debugging_request_id: string;
  message: string;
  token?: string;
}

export function errorBody(error: unknown): ErrorBody {
  return (error as { error: ErrorBody }).error;
}
