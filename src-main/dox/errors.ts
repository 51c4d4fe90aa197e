/**
 * Typed DoX errors. Every message is actionable and never contains the JWT (the client never
 * passes the token into any message; `redactSecrets` is applied to server-provided text too).
 */

export type DoxErrorCode =
  | 'unreachable'
  | 'timeout'
  | 'aborted'
  | 'protocol'
  | 'auth'
  | 'forbidden'
  | 'validation'
  | 'bad-request'
  | 'not-found'
  | 'rate-limited'
  | 'server'
  | 'file-rejected'
  | 'upload'
  | 'artifact-not-found'
  | 'task-failed'
  | 'processing-lost'
  | 'not-supported'
  | 'chr'
  | 'needs-chr';

export class DoxError extends Error {
  readonly code: DoxErrorCode;
  readonly status?: number;
  /** The route that failed, e.g. "POST /upload". */
  readonly route?: string;
  constructor(code: DoxErrorCode, message: string, extra: { status?: number; route?: string; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'DoxError';
    this.code = code;
    this.status = extra.status;
    this.route = extra.route;
  }
}

/** Nothing answered (connection refused, DNS, health probe failed). CLI exit code 3. */
export class DoxUnreachable extends DoxError {
  /**
   * @param fact what happened, without advice (e.g. "no answer (ECONNREFUSED)"), for messages that
   *   list several probed addresses and give the advice once themselves.
   */
  constructor(message: string, readonly triedUrls: string[] = [], cause?: unknown, readonly fact?: string) {
    super('unreachable', message, { cause });
    this.name = 'DoxUnreachable';
  }
}

export class DoxTimeout extends DoxError {
  constructor(route: string, ms: number) {
    super('timeout', `DoX did not answer ${route} within ${Math.round(ms / 1000)} s; the server may be overloaded (CHR on CPU is slow) — try again later`, { route });
    this.name = 'DoxTimeout';
  }
}

export class DoxAborted extends DoxError {
  constructor(route: string) {
    super('aborted', `${route} was cancelled`, { route });
    this.name = 'DoxAborted';
  }
}

/** A non-JSON body, HTML, a truncated body or a shape we do not understand. */
export class DoxProtocolError extends DoxError {
  /** At most 2 KB of the raw body, for logs. */
  readonly snippet: string;
  constructor(route: string, message: string, snippet = '', status?: number) {
    super('protocol', message, { route, status });
    this.name = 'DoxProtocolError';
    this.snippet = snippet.slice(0, 2048);
  }
}

export class DoxAuthError extends DoxError {
  constructor(route: string, message: string, status = 401) {
    super('auth', message, { route, status });
    this.name = 'DoxAuthError';
  }
}

/** Security-middleware refusal: `{error:"Security validation failed", reason, …}`. */
export class DoxForbidden extends DoxError {
  constructor(route: string, readonly reason: string, status: number) {
    super('forbidden', `DoX refused ${route}: security validation failed — ${reason}`, { route, status });
    this.name = 'DoxForbidden';
  }
}

export type FastApiDetail = string | Array<{ loc?: unknown[]; msg?: string; type?: string; [k: string]: unknown }>;

/** 422 (FastAPI validation) or a 400 mapped to a validation problem. */
export class DoxValidationError extends DoxError {
  constructor(route: string, readonly detail: FastApiDetail, status = 422) {
    super('validation', `DoX rejected the request to ${route}: ${formatDetail(detail)}`, { route, status });
    this.name = 'DoxValidationError';
  }
}

export class DoxHttpError extends DoxError {
  constructor(code: 'bad-request' | 'not-found' | 'server', route: string, status: number, readonly detail: string) {
    super(code, `DoX answered ${route} with HTTP ${status}: ${detail}`, { route, status });
    this.name = 'DoxHttpError';
  }
}

export class DoxRateLimited extends DoxError {
  constructor(route: string, readonly retryAfterSeconds: number) {
    super('rate-limited', `DoX rate limit (100 requests/minute) still exceeded on ${route} after waiting ${retryAfterSeconds} s; wait a minute and try again`, { route, status: 429 });
    this.name = 'DoxRateLimited';
  }
}

/** Refused before any request: too large, wrong extension, duplicate name. */
export class DoxFileRejected extends DoxError {
  constructor(readonly fileName: string, message: string) {
    super('file-rejected', message);
    this.name = 'DoxFileRejected';
  }
}

export class DoxUploadError extends DoxError {
  constructor(
    message: string,
    readonly perFile: Array<{ filename: string; error: string }> = [],
    readonly correlationId?: string,
  ) {
    super('upload', message, { route: 'POST /upload' });
    this.name = 'DoxUploadError';
  }
}

export class DoxArtifactNotFound extends DoxError {
  constructor(message: string) {
    super('artifact-not-found', message, { route: 'GET /artifacts' });
    this.name = 'DoxArtifactNotFound';
  }
}

export class DoxTaskError extends DoxError {
  constructor(readonly taskId: string, message: string) {
    super('task-failed', message, { route: `GET /tasks/${taskId}` });
    this.name = 'DoxTaskError';
  }
}

export class DoxProcessingLost extends DoxError {
  constructor(readonly taskId: string, why: string) {
    super('processing-lost', `DoX lost the processing task ${taskId} (${why}); the server was probably restarted — upload the file again`, { route: `GET /tasks/${taskId}` });
    this.name = 'DoxProcessingLost';
  }
}

export class DoxNotSupported extends DoxError {
  constructor(route: string, message: string) {
    super('not-supported', message, { route, status: 404 });
    this.name = 'DoxNotSupported';
  }
}

export class DoxChrError extends DoxError {
  constructor(route: string, message: string, status?: number) {
    super('chr', message, { route, status });
    this.name = 'DoxChrError';
  }
}

export class DoxNeedsChr extends DoxError {
  constructor(route: string) {
    super('needs-chr', 'DoX has no CHR table for this artifact yet: run CHR first (--chr K), then the datavzrd dashboard', { route, status: 400 });
    this.name = 'DoxNeedsChr';
  }
}

export function formatDetail(detail: FastApiDetail): string {
  if (typeof detail === 'string') return detail;
  return detail
    .map((d) => {
      const loc = Array.isArray(d.loc) ? d.loc.join('.') : '';
      return loc ? `${loc}: ${d.msg ?? d.type ?? 'invalid'}` : (d.msg ?? JSON.stringify(d));
    })
    .join('; ');
}

/** Remove anything that looks like a bearer token or a JWT from text that reaches the user. */
export function redactSecrets(text: string, secrets: Array<string | undefined> = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('<redacted>');
  out = out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer <redacted>');
  out = out.replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '<redacted-jwt>');
  return out;
}

/**
 * Server text for an error or a log, secrets removed first and then cut to `max` characters (cut
 * first, a token straddling the cut would survive as a prefix the patterns no longer match).
 */
export function redactedCut(text: string, secrets: Array<string | undefined>, max: number): string {
  return redactSecrets(text, secrets).slice(0, max);
}
