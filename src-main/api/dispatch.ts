import { z } from 'zod';
import { api, ApiError, describeIssues, isOpName, zodIssues, type OpName } from '../../src-shared/api';
import type { AppContext } from '../context';
import { coreHandlers } from './handlers/core';
import { simHandlers } from './handlers/sim';
import { projectionsHandlers } from './handlers/projections';
import { fireflyHandlers } from './handlers/firefly';
import { validationHandlers } from './handlers/validation';
import { reportsHandlers } from './handlers/reports';
import { doxHandlers } from './handlers/dox';
import { chainHandlers } from './handlers/chain';
import type { Handler, Handlers } from './types';

/** The one implementation of the contract: every operation's handler, merged by capability. */
export const handlers: Handlers = {
  ...coreHandlers,
  ...simHandlers,
  ...projectionsHandlers,
  ...fireflyHandlers,
  ...validationHandlers,
  ...reportsHandlers,
  ...doxHandlers,
  ...chainHandlers,
};

export interface InvokeOptions {
  signal?: AbortSignal;
  onProgress?: (event: unknown) => void;
}

/**
 * The single gate every transport goes through: checks the operation name, validates the input
 * (400-style error naming each bad field), runs the handler and validates its output.
 */
export async function invoke(app: AppContext, name: string, rawInput: unknown, opts: InvokeOptions = {}): Promise<unknown> {
  if (!isOpName(name)) throw new ApiError('not_found', `unknown operation "${String(name).slice(0, 100)}"`);
  const def = api[name];
  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = zodIssues(parsed.error, rawInput);
    throw new ApiError('invalid_input', `invalid input for ${name}: ${describeIssues(issues)}`, issues);
  }
  const signal = opts.signal ?? new AbortController().signal;
  const progressSchema = 'progress' in def ? (def.progress as z.ZodType | undefined) : undefined;
  const handler = handlers[name] as Handler<OpName>;
  const out = await handler(parsed.data as never, {
    app,
    signal,
    progress: (ev) => {
      if (!opts.onProgress) return;
      // Progress is advisory: a malformed event is a bug, dropped rather than crashing the job.
      if (progressSchema && !progressSchema.safeParse(ev).success) return;
      opts.onProgress(ev);
    },
  });
  if (signal.aborted && out === undefined) throw new ApiError('cancelled', `${name} was cancelled`);
  const checked = def.output.safeParse(out);
  if (!checked.success) throw new ApiError('internal', `${name} produced an invalid result: ${describeIssues(zodIssues(checked.error))}`);
  return checked.data;
}

/** Map any thrown value to the wire error body; never leaks stack traces. */
export function toErrorBody(e: unknown): ReturnType<ApiError['toBody']> {
  if (e instanceof ApiError) return e.toBody();
  if (e instanceof z.ZodError) return new ApiError('invalid_input', describeIssues(zodIssues(e)), zodIssues(e)).toBody();
  if (e && typeof e === 'object' && 'name' in e && (e as Error).name === 'AbortError') return { code: 'cancelled', message: 'cancelled' };
  const msg = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: msg };
}

export function httpStatusFor(code: string): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'cancelled':
      return 499;
    case 'unavailable':
      return 503;
    default:
      return 500;
  }
}
