/** The refusals of the organization rules, as AppErrors with stable codes. */
import { ERROR_CODES, type InvitationStatus } from 'logto-org-widget-contract';
import { AppError } from './errors.js';
import { LogtoApiError } from './logto.js';

export function forbidden(permission: string): AppError {
  return new AppError('auth.forbidden', `This needs the "${permission}" permission.`, {
    status: 403,
    data: { permission },
  });
}

export function organizationNotFound(): AppError {
  return new AppError('organization.not_found', 'No such organization.', { status: 404 });
}

export function notMember(): AppError {
  return new AppError('organization.not_member', 'You are not a member of this organization.', {
    status: 403,
  });
}

export function memberNotFound(): AppError {
  return new AppError('member.not_found', 'No such member in this organization.', { status: 404 });
}

/** Every member keeps at least one role; `field` names the empty list. */
export function noRole(field: string): AppError {
  return new AppError('member.no_role', 'At least one role is required.', {
    status: 400,
    data: { field },
  });
}

export function invitationNotFound(): AppError {
  return new AppError('invitation.not_found', 'No such invitation.', { status: 404 });
}

export function roleNotFound(roleId: string): AppError {
  return new AppError('role.not_found', 'No such organization role.', {
    status: 400,
    data: { roleId },
  });
}

/** `data.email`: the signed-in caller's own primary email (null if none), never the invitee's. */
export function wrongUser(callerEmail: string | null): AppError {
  return new AppError(
    'invitation.wrong_user',
    'This invitation is for another email address. Sign in as the invitee.',
    { status: 403, data: { email: callerEmail } },
  );
}

export function notPending(status: InvitationStatus): AppError {
  return new AppError('invitation.not_pending', `The invitation is ${status.toLowerCase()}.`, {
    status: 409,
    data: { status },
  });
}

/** Logto 404 → the given not-found error; anything else passes through. */
export function mapNotFound(error: unknown, notFound: () => AppError): unknown {
  if (error instanceof LogtoApiError && error.status === 404) return notFound();
  return error;
}

export function mapMemberError(error: unknown): unknown {
  if (
    error instanceof LogtoApiError &&
    (error.status === 404 || error.code === 'organization.require_membership')
  ) {
    return memberNotFound();
  }
  if (error instanceof LogtoApiError && error.code === 'entity.relation_foreign_key_not_found') {
    return new AppError('role.not_found', 'No such organization role.', { status: 400 });
  }
  return error;
}

/** The HTTP status of a stable code (500 for an unknown one). */
export function statusOf(code: string): number {
  return (ERROR_CODES as Record<string, number>)[code] ?? 500;
}
