/**
 * The one typed API contract between the renderer (or any client) and the main process.
 * Each capability contributes an operations map in src-shared/api/<capability>.ts;
 * this file merges them. Transports and handlers are typed from `api`.
 */
import type { z } from 'zod';
import { coreOps } from './api/core';
import { simOps } from './api/sim';
import { projectionsOps } from './api/projections';
import { fireflyOps } from './api/firefly';
import { validationOps } from './api/validation';
import { reportsOps } from './api/reports';
import { doxOps } from './api/dox';
import { chainOps } from './api/chain';
import type { OpDef } from './api/define';

export * from './api/define';
export * from './api/chain';
export * from './api/core';
export * from './api/sim';
export * from './api/projections';
export * from './api/firefly';
export * from './api/validation';
export * from './api/reports';
export * from './api/dox';

export const api = {
  ...coreOps,
  ...simOps,
  ...projectionsOps,
  ...fireflyOps,
  ...validationOps,
  ...reportsOps,
  ...doxOps,
  ...chainOps,
} satisfies Record<string, OpDef>;

export type Api = typeof api;
export type OpName = keyof Api;
export type OpInput<K extends OpName> = z.input<Api[K]['input']>;
export type OpParsedInput<K extends OpName> = z.output<Api[K]['input']>;
export type OpOutput<K extends OpName> = z.output<Api[K]['output']>;
export type OpProgress<K extends OpName> = Api[K] extends { progress?: infer P }
  ? P extends z.ZodType
    ? z.output<P>
    : never
  : never;

export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** Wire format of a progress event (SSE data / IPC message). */
export interface ProgressEnvelope {
  jobId: string;
  op: OpName;
  event: unknown;
}
