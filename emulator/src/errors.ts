/** A Management API error: answered as `{code, message, data?}` with `status`. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly data: unknown;

  constructor(status: number, code: string, message: string, data?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.data = data;
  }

  toJSON(): { code: string; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

export const notFound = (): ApiError =>
  new ApiError(404, 'entity.not_found', 'The resource does not exist.');

export const notExistsWithId = (table: string, id: string): ApiError =>
  new ApiError(404, 'entity.not_exists_with_id', `No ${table} with id \`${id}\` exists.`);

/** What Logto answers when an update by id matches no row. */
export const notExists = (name: string): ApiError =>
  new ApiError(404, 'entity.not_exists', `The ${name} does not exist.`);

export const foreignKeyNotFound = (): ApiError =>
  new ApiError(
    422,
    'entity.relation_foreign_key_not_found',
    'One or more referenced entities do not exist.',
  );

export const uniqueViolation = (): ApiError =>
  new ApiError(422, 'entity.unique_integrity_violation', 'An entity with these values exists.');

export const invalidInput = (message: string): ApiError =>
  new ApiError(422, 'request.invalid_input', `Invalid input: ${message}`);

export const requireMembership = (): ApiError =>
  new ApiError(
    422,
    'organization.require_membership',
    'The user is not a member of this organization.',
  );

export const valueTooLong = (): ApiError =>
  new ApiError(422, 'entity.value_too_long', 'A value is longer than its column allows.');

export interface GuardIssue {
  /** For `invalid_string`: the failed format (`url`, `email`, `regex`…). */
  validation?: string;
  code: string;
  message: string;
  path: Array<string | number>;
}

export const guardInvalid = (issues: GuardIssue[]): ApiError =>
  new ApiError(400, 'guard.invalid_input', 'The request is invalid.', {
    issues,
    name: 'ZodError',
  });
