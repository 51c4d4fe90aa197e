/**
 * Typed errors of the Firefly III bridge, one per failure mode of spec/integrations.md §4 (F1…F21).
 * Every message says what to do next and never contains the access token (the client never puts it
 * anywhere but the Authorization header; `redact()` is a second line of defence).
 */

export type FireflyFailureCode =
  | 'F1' | 'F2' | 'F3' | 'F4' | 'F5' | 'F6' | 'F7' | 'F8' | 'F9' | 'F10' | 'F11'
  | 'F12' | 'F13' | 'F14' | 'F15' | 'F16' | 'F17' | 'F18' | 'F19' | 'F20' | 'F21';

export interface FireflyErrorDetails {
  /** HTTP status when the failure came from a response. */
  status?: number;
  /** Method + path (no host credentials, no token) of the failing request. */
  request?: string;
  /** Up to 2 KB of the offending body, for logs (never shown as the main message). */
  snippet?: string;
  cause?: unknown;
}

export class FireflyError extends Error {
  readonly code: FireflyFailureCode;
  /** Whether the same GET may succeed when retried. */
  readonly retryable: boolean;
  readonly status?: number;
  readonly request?: string;
  readonly snippet?: string;

  constructor(code: FireflyFailureCode, message: string, retryable: boolean, details: FireflyErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
    if (details.status !== undefined) this.status = details.status;
    if (details.request !== undefined) this.request = details.request;
    if (details.snippet !== undefined) this.snippet = details.snippet.slice(0, 2048);
  }

  /** Plain object for logs / the API layer (what the UI shows is `message`). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, status: this.status, request: this.request };
  }
}

/** F1: the server cannot be reached (connection refused, DNS, reset). Base class of every "try again later" error. */
export class FireflyUnavailable extends FireflyError {
  constructor(message: string, details: FireflyErrorDetails = {}, code: FireflyFailureCode = 'F1') {
    super(code, message, true, details);
  }
}
/** F2: a request (or the whole run) exceeded its time limit. */
export class FireflyTimeoutError extends FireflyUnavailable {
  constructor(message: string, details: FireflyErrorDetails = {}) {
    super(message, details, 'F2');
  }
}
/** F8: still rate limited (429 / throttle-500) after the allowed retries, or Retry-After is past the deadline. */
export class FireflyRateLimitError extends FireflyUnavailable {
  readonly retryAfterMs?: number;
  constructor(message: string, details: FireflyErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details, 'F8');
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}
/** F9: 5xx after the allowed retries. */
export class FireflyServerError extends FireflyUnavailable {
  constructor(message: string, details: FireflyErrorDetails = {}) {
    super(message, details, 'F9');
  }
}
/** F15: the connection was reset while the response body was being received. */
export class FireflyConnectionResetError extends FireflyUnavailable {
  constructor(message: string, details: FireflyErrorDetails = {}) {
    super(message, details, 'F15');
  }
}

/** F3: 401, the token is missing, expired or revoked. Never retried. */
export class FireflyAuthError extends FireflyError {
  constructor(message: string, details: FireflyErrorDetails = {}) {
    super('F3', message, false, details);
  }
}
/** F4: 403, the token's user lacks the permission (user-group role) for this call. */
export class FireflyPermissionError extends FireflyError {
  constructor(message: string, details: FireflyErrorDetails = {}) {
    super('F4', message, false, details);
  }
}
/** F5: a redirect or HTML/non-JSON answer (wrong base URL, login page, missing Accept header). */
export class FireflyProtocolError extends FireflyError {
  constructor(message: string, details: FireflyErrorDetails = {}, code: FireflyFailureCode = 'F5') {
    super(code, message, false, details);
  }
}
/** F10: malformed or truncated JSON, or a body that does not match the API description. */
export class FireflyMalformedResponseError extends FireflyProtocolError {
  constructor(message: string, details: FireflyErrorDetails = {}) {
    super(message, details, 'F10');
  }
}
/** F11: pagination metadata that is not usable (negative / non-integer values). */
export class FireflyPaginationError extends FireflyProtocolError {
  constructor(message: string, details: FireflyErrorDetails = {}) {
    super(message, details, 'F11');
  }
}
/** F16: a 200 whose body is an error object instead of data. */
export class FireflyErrorInBodyError extends FireflyProtocolError {
  constructor(message: string, details: FireflyErrorDetails = {}) {
    super(message, details, 'F16');
  }
}
/** F6: 404; on /v1/about it means the base URL is wrong. */
export class FireflyNotFoundError extends FireflyError {
  constructor(message: string, details: FireflyErrorDetails = {}) {
    super('F6', message, false, details);
  }
}
/** F7: 400 / 422; `errors` is Firefly's field → messages map. */
export class FireflyValidationError extends FireflyError {
  readonly errors: Record<string, string[]>;
  constructor(message: string, errors: Record<string, string[]>, details: FireflyErrorDetails = {}) {
    super('F7', message, false, details);
    this.errors = errors;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors };
  }
}
/** F12: too many splits had missing or invalid fields (more than the allowed share). */
export class FireflyDataQualityError extends FireflyError {
  constructor(message: string, readonly skipped: number, readonly total: number) {
    super('F12', message, false);
  }
}
/** F13: the requested currency is not present, or currencies cannot be combined. */
export class FireflyCurrencyError extends FireflyError {
  constructor(message: string) {
    super('F13', message, false);
  }
}
/** F14: the export could not be streamed to disk (size cap, disk error). */
export class FireflyExportError extends FireflyError {
  constructor(message: string, details: FireflyErrorDetails = {}) {
    super('F14', message, false, details);
  }
}
/** F17: the sync state is not usable (another sync holds the lock, or the stored snapshot is damaged). */
export class FireflySyncStateError extends FireflyError {
  constructor(message: string) {
    super('F17', message, false);
  }
}
/** F18: the server's version is not supported (too old, or not a Firefly III API). */
export class FireflyVersionError extends FireflyError {
  constructor(message: string, readonly version?: string) {
    super('F18', message, false);
  }
}
/** F19: the period holds no usable transactions. */
export class FireflyNoDataError extends FireflyError {
  constructor(message: string) {
    super('F19', message, false);
  }
}
/** F20: a bad date range or time zone. */
export class FireflyDateRangeError extends FireflyError {
  constructor(message: string) {
    super('F20', message, false);
  }
}
/** F21: the operation was cancelled through its AbortSignal. */
export class FireflyAbortError extends FireflyError {
  constructor(message = 'The Firefly III operation was cancelled. Nothing was saved; start it again when ready.') {
    super('F21', message, false);
  }
}

/** Configuration problems (no URL, empty token, token file too open) are reported as F3/F5-neutral setup errors. */
export class FireflyConfigError extends Error {
  readonly code = 'CONFIG' as const;
  constructor(message: string) {
    super(message);
    this.name = 'FireflyConfigError';
  }
}

/** Removes every occurrence of `secret` from a string (a defence in depth for messages and snippets). */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}
