/**
 * Request validation with zod: strict objects (unknown fields refused), bounded sizes. A failure
 * becomes 400 `request.invalid` with `data.field` naming the first offending field.
 */
import { z } from 'zod';
import { AppError } from './errors.js';

export const LIMITS = Object.freeze({
  nameMax: 128,
  descriptionMax: 256,
  pageSizeMax: 100,
  pageSizeDefault: 20,
  emailsMax: 20,
  roleIdsMax: 20,
  queryMax: 128,
  /** Logto ids are at most 21 characters (organizations and users 12); it answers 422 to longer ones. */
  idMax: 21,
  expiresInDaysMin: 1,
  expiresInDaysMax: 30,
  urlMax: 2048,
  domainsMax: 20,
});

const id = z
  .string()
  .min(1)
  .max(LIMITS.idMax)
  .regex(/^[A-Za-z0-9_-]+$/);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Tab, line feed and carriage return: allowed in multi-line text. */
const LINE_CONTROLS = new Set([0x09, 0x0a, 0x0d]);

function storable(value: string, multiline: boolean): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 || code === 0x7f) && !(multiline && LINE_CONTROLS.has(code))) return false;
  }
  return !LONE_SURROGATE.test(value);
}

/**
 * Text stored in Logto (a PostgreSQL database): no NUL or other control characters (line breaks
 * and tabs allowed where `multiline`) and no lone surrogate halves, which the database refuses.
 */
const text = (max: number, multiline = false) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => storable(value, multiline), 'must not contain control characters');
const name = text(LIMITS.nameMax).pipe(z.string().min(1));
const description = text(LIMITS.descriptionMax, true);
const roleIds = z
  .array(id)
  .max(LIMITS.roleIdsMax)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a role');

export const createOrganizationBody = z.strictObject({
  name,
  description: description.nullable().optional(),
});

/** An http or https URL of at most 2048 characters (Logto itself accepts any URL scheme). */
const webUrl = z
  .string()
  .trim()
  .max(LIMITS.urlMax)
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'must be an http(s) URL');

export const brandingBody = z.strictObject({
  logoUrl: webUrl.nullable().optional(),
  darkLogoUrl: webUrl.nullable().optional(),
});

export const updateOrganizationBody = z
  .strictObject({
    name: name.optional(),
    description: description.nullable().optional(),
    branding: brandingBody.optional(),
  })
  .refine(
    (body) =>
      body.name !== undefined || body.description !== undefined || body.branding !== undefined,
    { message: 'name, description or branding is required', path: ['name'] },
  );

export const domainsBody = z.strictObject({
  // Each domain is normalized and judged on its own (domain.* codes); only the shape here.
  domains: z.array(z.string().max(300)).max(LIMITS.domainsMax),
  roleIds,
});

const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const membersQuery = z.strictObject({
  q: text(LIMITS.queryMax).optional(),
  page: intParam(1, 100_000).optional(),
  pageSize: intParam(1, LIMITS.pageSizeMax).optional(),
  roleId: id.optional(),
});

/** A members query with its defaults: page 1, `LIMITS.pageSizeDefault` members. */
export function membersPage(query: z.output<typeof membersQuery>) {
  return {
    q: query.q,
    roleId: query.roleId,
    page: query.page ?? 1,
    pageSize: query.pageSize ?? LIMITS.pageSizeDefault,
  };
}

/**
 * GET /organizations/:orgId: `include=roles,members` (comma-separated, each at most once) and,
 * with `members`, the members query.
 */
export const organizationQuery = membersQuery
  .extend({
    include: z
      .string()
      .max(40)
      .transform((text) => text.split(','))
      .pipe(
        z
          .array(z.enum(['roles', 'members']))
          .refine((names) => new Set(names).size === names.length, 'named twice'),
      )
      .optional(),
  })
  .refine(
    (query) =>
      query.include?.includes('members') ||
      (query.q ?? query.page ?? query.pageSize ?? query.roleId) === undefined,
    { message: 'q, page, pageSize and roleId go with include=members', path: ['include'] },
  );

export const invitationsQuery = z.strictObject({
  status: z.enum(['Pending', 'Accepted', 'Expired', 'Revoked']).optional(),
});

export const emptyQuery = z.strictObject({});

export const memberRolesBody = z.strictObject({ roleIds });

export const inviteBody = z.strictObject({
  // Each email is checked on its own (a bad one fails only its own result), so only the
  // shape is checked here.
  emails: z.array(z.string().max(320)).min(1).max(LIMITS.emailsMax),
  roleIds,
  expiresInDays: z
    .number()
    .int()
    .min(LIMITS.expiresInDaysMin)
    .max(LIMITS.expiresInDaysMax)
    .optional(),
});

export const emptyBody = z.union([z.strictObject({}), z.undefined()]);

export const idParam = id;

/**
 * ASCII-only lower case: A–Z become a–z and every other character stays as it is. Unicode case
 * mapping is never used on addresses: `toLowerCase()` turns "\u212A" (KELVIN SIGN) into "k", so
 * "\u212Aate@…" and "kate@…", two different addresses, would compare equal.
 */
export function asciiLowerCase(value: string): string {
  return value.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

/**
 * The form in which two emails are compared as the same address: ASCII whitespace trimmed, ASCII
 * letters lower-cased, nothing else changed. Different characters never become equal.
 */
export function emailKey(value: string): string {
  return asciiLowerCase(value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''));
}

/** Trimmed, ASCII-lower-cased email, or undefined when it is not an email address. */
export function normalizeEmail(value: string): string | undefined {
  const email = asciiLowerCase(value.trim());
  return z.email().safeParse(email).success && email.length <= 254 ? email : undefined;
}

/** Parses `value` with `schema` or throws 400 `request.invalid` naming the field. */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  let field = issue && issue.path.length > 0 ? issue.path.join('.') : where;
  if (issue?.code === 'unrecognized_keys' && issue.keys.length > 0) {
    field = [...issue.path, issue.keys[0]].join('.');
  }
  throw new AppError('request.invalid', `Invalid ${where}: ${field} ${describe(issue)}`, {
    status: 400,
    data: { field, ...(where !== 'body' ? { in: where } : {}) },
  });
}

function describe(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'is invalid';
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'is not allowed';
    case 'too_big':
      return 'is too long or too large';
    case 'too_small':
      return 'is too short or too small';
    case 'invalid_type':
      return 'is missing or has the wrong type';
    default:
      return 'is invalid';
  }
}

/** Validates a path parameter id or throws 400 `request.invalid` naming the parameter. */
export function parseId(name: string, value: unknown): string {
  const result = id.safeParse(value);
  if (result.success) return result.data;
  throw new AppError('request.invalid', `Invalid path parameter: ${name}`, {
    status: 400,
    data: { field: name, in: 'params' },
  });
}
