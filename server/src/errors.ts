/**
 * The one error type of the companion server. Every refusal the API makes is an AppError with a
 * stable `code`; the error middleware turns it into `{ code, message, data? }`.
 */
export interface AppErrorOptions {
  status: number;
  /** Whether `message` and `data` may be shown to the caller. Unexposed errors become a generic 500. */
  expose?: boolean;
  data?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: AppErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.expose = options.expose ?? options.status < 500;
    this.data = options.data;
  }

  toJSON(): { code: string; message: string; data?: Record<string, unknown> } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}
