/**
 * zod schemas for every Firefly III response the client reads, derived from the official API
 * description (reference/firefly-iii-v6.6.2-openapi-v1.yaml, components/schemas). They are tolerant
 * (unknown fields are kept: objects are loose) because servers add fields between versions, and they are
 * lenient where real servers differ from the document (e.g. `pc_amount` is null when "convert to
 * primary currency" is off; ids may arrive as numbers from old versions). Split-level fields are
 * re-validated by the normaliser so that one bad split is skipped and counted (F12) instead of
 * failing a whole page.
 */
import { z } from 'zod';

/** Ids are strings in the description; accept integers from older servers and coerce. */
const Id = z.union([z.string(), z.number().int()]).transform((v) => String(v));
const NullableString = z.string().nullable().optional();

/** #/components/schemas/Meta */
export const MetaSchema = z.looseObject({
  pagination: z
    .looseObject({
      total: z.unknown().optional(),
      count: z.unknown().optional(),
      per_page: z.unknown().optional(),
      current_page: z.unknown().optional(),
      total_pages: z.unknown().optional(),
    })
    .optional(),
});

/** #/components/schemas/PageLink (next/prev nullable or absent). */
export const PageLinkSchema = z.looseObject({
  self: z.string().optional(),
  first: z.string().optional(),
  next: z.string().nullable().optional(),
  prev: z.string().nullable().optional(),
  last: z.string().optional(),
});

/** #/components/schemas/SystemInfo */
export const SystemInfoSchema = z.looseObject({
  data: z.looseObject({
    // Optional in the description (no `required`); `api_version` is documented as the same value.
    version: z.string().optional(),
    api_version: z.string().optional(),
    php_version: z.string().optional(),
    os: z.string().optional(),
    driver: z.string().optional(),
  }),
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>['data'];

/**
 * #/components/schemas/TransactionSplit: only the fields the bridge consumes are typed; the rest stay
 * in the object (loose). Amount/date/type are `unknown` here and checked per split by the normaliser.
 */
export const TransactionSplitSchema = z.looseObject({
  transaction_journal_id: Id.optional(),
  type: z.unknown(),
  date: z.unknown(),
  amount: z.unknown(),
  description: z.unknown().optional(),
  currency_id: Id.nullable().optional(),
  currency_code: z.string().nullable().optional(),
  currency_decimal_places: z.number().int().nullable().optional(),
  foreign_amount: z.string().nullable().optional(),
  foreign_currency_code: NullableString,
  // Read leniently by the normaliser (an int 0–12, else 2): the group collector casts it, so a split without a foreign amount carries 0.
  foreign_currency_decimal_places: z.unknown().optional(),
  // 6.3.0+ primary-currency fields; `pc_amount` is null unless "convert to primary" is on.
  pc_amount: z.string().nullable().optional(),
  primary_currency_code: NullableString,
  primary_currency_decimal_places: z.number().int().nullable().optional(),
  // < 6.3 names (version drift, F18)
  native_amount: z.string().nullable().optional(),
  native_currency_code: NullableString,
  native_currency_decimal_places: z.number().int().nullable().optional(),
  source_id: Id.nullable().optional(),
  source_name: NullableString,
  source_type: NullableString,
  destination_id: Id.nullable().optional(),
  destination_name: NullableString,
  destination_type: NullableString,
  category_id: Id.nullable().optional(),
  category_name: NullableString,
  budget_id: Id.nullable().optional(),
  budget_name: NullableString,
  bill_id: Id.nullable().optional(),
  bill_name: NullableString,
  subscription_id: Id.nullable().optional(),
  subscription_name: NullableString,
  tags: z.array(z.unknown()).nullable().optional(),
  reconciled: z.boolean().optional(),
  notes: NullableString,
  external_id: NullableString,
  internal_reference: NullableString,
});
export type TransactionSplitRaw = z.infer<typeof TransactionSplitSchema>;

/** #/components/schemas/TransactionRead (+ Transaction attributes). */
export const TransactionReadSchema = z.looseObject({
  type: z.string().optional(),
  id: Id,
  attributes: z.looseObject({
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
    user: Id.optional(),
    group_title: z.string().nullable().optional(),
    transactions: z.array(z.unknown()),
  }),
  links: z.unknown().optional(),
});
export type TransactionRead = z.infer<typeof TransactionReadSchema>;

/**
 * Any paginated list (#/components/schemas/TransactionArray, AccountArray, CategoryArray,
 * CurrencyArray…). `data` items are validated one by one by the caller so one bad item is skipped.
 * `meta` is checked by the paginator (missing meta → single page + warning, spec §1.4).
 */
export const ListEnvelopeSchema = z.looseObject({
  data: z.array(z.unknown()),
  meta: z.unknown().optional(),
  links: z.unknown().optional(),
});

/** #/components/schemas/AccountRead */
export const AccountReadSchema = z.looseObject({
  type: z.string().optional(),
  id: Id,
  attributes: z.looseObject({
    name: z.string(),
    type: z.string(),
    active: z.boolean().optional(),
    account_role: z.string().nullable().optional(),
    currency_code: z.string().nullable().optional(),
    currency_decimal_places: z.number().int().nullable().optional(),
    current_balance: z.string().nullable().optional(),
    pc_current_balance: z.string().nullable().optional(),
    native_current_balance: z.string().nullable().optional(),
    current_balance_date: z.string().nullable().optional(),
    include_net_worth: z.boolean().nullable().optional(),
    iban: z.string().nullable().optional(),
  }),
});
export type AccountRead = z.infer<typeof AccountReadSchema>;

/** #/components/schemas/ArrayEntryWithCurrencyAndSum */
export const SumEntrySchema = z.looseObject({
  currency_id: Id.optional(),
  currency_code: z.string().optional(),
  currency_decimal_places: z.number().int().optional(),
  sum: z.string(),
});

/** #/components/schemas/CategoryRead */
export const CategoryReadSchema = z.looseObject({
  type: z.string().optional(),
  id: Id,
  attributes: z.looseObject({
    name: z.string(),
    notes: z.string().nullable().optional(),
    spent: z.array(SumEntrySchema).nullable().optional(),
    earned: z.array(SumEntrySchema).nullable().optional(),
    transferred: z.array(SumEntrySchema).nullable().optional(),
  }),
});
export type CategoryRead = z.infer<typeof CategoryReadSchema>;

/** #/components/schemas/CurrencyRead */
export const CurrencyReadSchema = z.looseObject({
  type: z.string().optional(),
  id: Id,
  attributes: z.looseObject({
    code: z.string(),
    name: z.string(),
    symbol: z.string(),
    decimal_places: z.number().int().optional(),
    enabled: z.boolean().optional(),
    primary: z.boolean().optional(),
    default: z.boolean().optional(),
  }),
});
export type CurrencyRead = z.infer<typeof CurrencyReadSchema>;

/** #/components/schemas/InsightGroupEntry (a bare array, not paginated). */
export const InsightGroupEntrySchema = z.looseObject({
  id: Id.optional(),
  name: z.string().optional(),
  difference: z.string(),
  difference_float: z.number().optional(),
  currency_id: Id.optional(),
  currency_code: z.string(),
});
export const InsightGroupSchema = z.array(InsightGroupEntrySchema);

/** Error bodies: BadRequestResponse / UnauthenticatedResponse / NotFoundResponse / InternalExceptionResponse / ValidationErrorResponse. */
export const ErrorBodySchema = z.looseObject({
  message: z.string().optional(),
  exception: z.string().optional(),
  errors: z.record(z.string(), z.union([z.array(z.string()), z.string()])).optional(),
});
