import { z } from 'zod';
import { op, Progress } from './define';

export const ReportSource = z.enum(['run', 'validation', 'compare']);
export const ReportFormatSchema = z.enum(['html', 'md', 'pdf', 'docx', 'json', 'csv']);
const AnyId = z.union([z.number().int().positive(), z.literal('latest')]);

export const ReportRequest = z
  .object({
    source: ReportSource,
    /** run/validation: one id (or "latest"); compare: 2–4 run ids. */
    ids: z.array(AnyId).min(1).max(4),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.source === 'compare') {
      if (v.ids.length < 2) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'compare needs 2 to 4 run ids' });
      if (new Set(v.ids.map(String)).size !== v.ids.length) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'compare needs distinct run ids' });
    } else if (v.ids.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['ids'], message: `${v.source} reports take exactly one id (or "latest")` });
    }
  });

export const ReportProgressEvent = z.object({
  phase: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  message: z.string().optional(),
});

export const reportsOps = {
  'reports.generate': op({
    summary: 'Write a run, validation or comparison report as html, md, pdf, docx, json or csv (a folder); default folder: settings.reportsDir or <dataDir>/exports/',
    input: z
      .object({
        source: ReportSource,
        ids: z.array(AnyId).min(1).max(4),
        format: ReportFormatSchema,
        /** Absolute folder to write into, created if missing; the file name is generated (the UI's Folder field). */
        folder: z.string().min(1).max(4096).refine((s) => !s.includes('\0'), { error: 'must not contain a NUL character' }).optional(),
        /** Absolute file path; an existing folder, a path ending in "/" or a name without an extension is a folder to write into (CLI --out). */
        outPath: z.string().min(1).max(4096).refine((s) => !s.includes('\0'), { error: 'must not contain a NUL character' }).optional(),
        overwrite: z.boolean().default(false),
      })
      .strict()
      .superRefine((v, ctx) => {
        const r = ReportRequest.safeParse({ source: v.source, ids: v.ids });
        if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: i.path as (string | number)[], message: i.message });
        if (v.folder !== undefined && v.outPath !== undefined) ctx.addIssue({ code: 'custom', path: ['folder'], message: 'give folder (where to write) or outPath (the file to write), not both' });
      }),
    output: z.object({
      path: z.string(),
      bytes: z.number().int().nonnegative(),
      ms: z.number().nonnegative(),
      format: ReportFormatSchema,
      title: z.string(),
      folder: z.string(),
      /** serve mode only: where the browser can download the file (the HTTP transport adds it). */
      download: z.string().regex(/^\/api\/download\/[0-9a-f]{32}$/).optional(),
      /** desktop app only: an id the preload's reveal() takes to show the export in the file manager (the IPC gate adds it). */
      reveal: z.string().regex(/^[0-9a-f]{32}$/).optional(),
    }),
    progress: ReportProgressEvent,
  }),
  'reports.preview': op({
    summary: 'The self-contained interactive HTML of a report, for a sandboxed iframe (srcdoc)',
    input: ReportRequest,
    output: z.object({ html: z.string(), title: z.string(), bytes: z.number().int() }),
    progress: Progress,
  }),
  'reports.sources': op({
    summary: 'What can be reported on: stored runs and validation reports (newest first)',
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict().default({ limit: 100 }),
    output: z.object({
      runs: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.string(), model: z.string(), status: z.string(), runs: z.number().int(), completedRuns: z.number().int(), createdAt: z.string() })),
      validations: z.array(z.object({ id: z.number().int(), createdAt: z.string(), status: z.string(), passed: z.number().int(), checks: z.number().int() })),
      defaultFolder: z.string(),
      pandoc: z.boolean(),
    }),
  }),
};
