/**
 * zod schemas for every DoX response the client reads (spec/integrations.md §2.4, §2.11).
 * Tolerant: unknown fields are kept (looseObject), optional fields may be absent or null,
 * because the pinned (8000) and HEAD (8484) generations differ.
 */
import { z } from 'zod';

const num = z.number();
const optNum = num.nullish();

export const HealthSchema = z.looseObject({
  status: z.string(),
  uptime_seconds: optNum,
  version: z.string().nullish(),
});
export type DoxHealthBody = z.infer<typeof HealthSchema>;

export const ConfigSchema = z.looseObject({
  gpu: z.looseObject({ available: z.boolean().nullish(), device_count: optNum, names: z.array(z.string()).nullish() }).nullish(),
  ollama: z.looseObject({ available: z.boolean().nullish(), base_url: z.string().nullish() }).nullish(),
  offline: z.boolean().nullish(),
});

export const UploadResultSchema = z.looseObject({
  filename: z.string().nullish(),
  status: z.string(),
  facts_count: optNum,
  evidence_count: optNum,
  task_id: z.string().nullish(),
  artifact_id: z.string().nullish(),
  error: z.string().nullish(),
});
export const UploadResponseSchema = z.looseObject({ results: z.array(UploadResultSchema) });
export type UploadResult = z.infer<typeof UploadResultSchema>;

export const TaskSchema = z.looseObject({
  status: z.string(),
  filename: z.string().nullish(),
  artifact_id: z.string().nullish(),
  facts_count: optNum,
  evidence_count: optNum,
  error: z.string().nullish(),
});
export type DoxTask = z.infer<typeof TaskSchema>;

export const TasksSchema = z.looseObject({
  total: optNum,
  queued: optNum,
  completed: optNum,
  errored: optNum,
  queued_items: z.array(z.looseObject({ id: z.string(), status: z.string().nullish() })).nullish(),
});

export const ArtifactSchema = z.looseObject({
  id: z.string(),
  filename: z.string().nullish(),
  filepath: z.string().nullish(),
  filetype: z.string().nullish(),
  report_week: z.string().nullish(),
  status: z.string().nullish(),
});
export type DoxArtifact = z.infer<typeof ArtifactSchema>;
/** Rows are checked one by one by the client (a bad row is skipped and counted, spec §4 F12). */
export const ArtifactsSchema = z.looseObject({ artifacts: z.array(z.unknown()) });

const MetricsSchema = z.looseObject({
  spend: optNum,
  revenue: optNum,
  conversions: optNum,
  clicks: optNum,
  impressions: optNum,
  ctr: optNum,
  cpa: optNum,
  roas: optNum,
});
export const FactSchema = z.looseObject({
  id: z.string(),
  artifact_id: z.string().nullish(),
  report_week: z.string().nullish(),
  entity: z.unknown().optional(),
  metrics: MetricsSchema,
  evidence_id: z.string().nullish(),
});
export type DoxFact = z.infer<typeof FactSchema>;
export const FactsSchema = z.looseObject({ facts: z.array(z.unknown()) });

export const EvidenceSchema = z.looseObject({
  id: z.string().nullish(),
  artifact_id: z.string().nullish(),
  locator: z.string().nullish(),
  preview: z.unknown().optional(),
  content_type: z.string().nullish(),
});
export const ArtifactDetailSchema = z.looseObject({
  artifact: ArtifactSchema,
  facts: z.array(FactSchema).default([]),
  evidence: z.array(EvidenceSchema).default([]),
});

export const AskSchema = z.looseObject({
  answer: z.string(),
  evidence: z.array(z.unknown()).nullish(),
  metric: z.string().nullish(),
  total: optNum,
  average: optNum,
  count: optNum,
  hrm: z.looseObject({ enabled: z.boolean().nullish(), steps: optNum }).nullish(),
});

export const SearchHitSchema = z.looseObject({
  score: num,
  text: z.string(),
  meta: z.record(z.string(), z.unknown()).nullish(),
});
export const SearchSchema = z.looseObject({
  results: z.array(SearchHitSchema),
  took_ms: optNum,
  count: optNum,
});

export const ChrSchema = z.looseObject({
  status: z.string(),
  K: num,
  mhep: num,
  Hg: num,
  Hs: num,
  counts: z.looseObject({ units: num }),
  preview_rows: z.array(
    z.looseObject({
      idx: num,
      constellation: num,
      radius: num,
      text: z.string(),
      page: z.union([num, z.string()]).nullish(),
    }),
  ),
  artifacts: z
    .looseObject({
      csv: z.string().nullish(),
      json: z.string().nullish(),
      rel_csv: z.string().nullish(),
      rel_json: z.string().nullish(),
      rel_plot: z.string().nullish(),
    })
    .nullish(),
});

export const DatavzrdSchema = z.looseObject({
  status: z.string(),
  project_dir: z.string().nullish(),
  viz_yaml: z.string().nullish(),
  rel_viz: z.string(),
});

export const ConvertSchema = z.looseObject({ status: z.string(), path: z.string().nullish(), rel: z.string() });
export const PomlSchema = z.looseObject({ status: z.string(), path: z.string().nullish(), rel: z.string() });

/** @pin `{status, document_id, tags_saved, tags}`; HEAD `{tags}`. Tags are strings or objects. */
export const TagsSchema = z.looseObject({
  status: z.string().nullish(),
  document_id: z.string().nullish(),
  tags_saved: optNum,
  tags: z.array(z.unknown()).default([]),
});

export const IngestSchema = z.looseObject({ document_id: z.string(), status: z.string() });

/** Error bodies. */
export const DetailBodySchema = z.looseObject({
  detail: z.union([z.string(), z.array(z.looseObject({ loc: z.array(z.unknown()).optional(), msg: z.string().optional(), type: z.string().optional() }))]),
});
export const SecurityBodySchema = z.looseObject({ error: z.string(), reason: z.string().nullish(), status: z.string().nullish() });
export const RateLimitBodySchema = z.looseObject({ error: z.string().nullish(), retry_after: optNum });
